"""Steps shared by the browser journeys."""


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form").get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def csp_errors(messages):
    return [text for text in messages if "content security policy" in text.lower()]

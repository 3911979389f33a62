"""The check behind every feature matrix: one URL, one persona, one expected answer.

A row is ``name: (method, object key, {persona: answer}, answer of everyone else)``; the answer is
a status code or ``LOGIN`` (a redirect to the login page).
"""

from django.urls import reverse

LOGIN = "login"


def check_row(request, client, rows, objects, name, persona) -> None:
    method, key, special, others = rows[name]
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(reverse(name, kwargs=objects[key]))
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    response.close()
    want = special.get(persona, others)
    if want == LOGIN:
        assert response.status_code == 302, f"{name} as {persona}"
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == want, f"{name} as {persona}"

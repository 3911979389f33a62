from greenfactory.demo.applications import render_sample_pdf, sample_pdf


def test_the_stored_sample_pdf_is_what_weasyprint_renders():
    # The demo's 2 500 evidence files are the stored sample (with their owner's line): the
    # same bytes as the render it replaced (decisions §113).
    stored = sample_pdf()
    assert stored.startswith(b"%PDF-")
    assert stored == render_sample_pdf()

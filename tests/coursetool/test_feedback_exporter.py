"""The feedback page's exporter makes the page nbconvert's own HTML exporter makes, for less work."""
import base64
import copy

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter

from coursetool.nbgrader_plugins.feedback import FeedbackHTMLExporter

#: A 1x1 PNG.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()


def notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    figure = nbformat.v4.new_code_cell("plt.plot([1, 2])")
    figure.outputs = [nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]
    failed = nbformat.v4.new_code_cell("assert False, 'expected 3, got 2'")
    failed.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="expected 3, got 2",
                                             traceback=["AssertionError: expected 3, got 2"])]
    nb.cells = [nbformat.v4.new_markdown_cell("# Lab\n\nThe mean $\\mu_1$ and a picture: ![a sketch](sketch.png)"),
                nbformat.v4.new_markdown_cell('<img src="raw.png"> without a description'),
                figure, failed]
    return nb


@pytest.mark.parametrize("template", ["classic", "lab"])
def test_same_page_as_nbconverts_exporter(template):
    nb = notebook()
    ours, _ = FeedbackHTMLExporter(template_name=template).from_notebook_node(copy.deepcopy(nb))
    theirs, _ = HTMLExporter(template_name=template).from_notebook_node(copy.deepcopy(nb))
    # nbconvert's page is BeautifulSoup's serialisation: compared as parsed the same way
    assert str(BeautifulSoup(ours, "html.parser")) == str(BeautifulSoup(theirs, "html.parser"))


def test_images_without_alternative_text_get_nbconverts():
    ours, _ = FeedbackHTMLExporter(template_name="classic").from_notebook_node(notebook())
    images = BeautifulSoup(ours, "html.parser").find_all("img")
    alts = sorted(img.get("alt") for img in images)
    # the figure and the bare <img> had none; the markdown image keeps its own
    assert alts == ["No description has been provided for this image"] * 2 + ["a sketch"], alts
    # control: the template itself writes images without alternative text, so there was something to add
    plain, _ = HTMLExporter(template_name="classic").from_notebook_node(notebook())
    assert plain.count("No description has been provided") == 2

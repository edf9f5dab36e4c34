"""Show the course's interactive figures as static figures on the website.

The lessons' interactive figures (``microdose.widgets``, built on
``InteractiveFigure`` in ``lib/microdose/widgets/_base.py``) display an
ipywidgets panel: a row of controls, a read-out (an ``HTML`` widget) and the
figure itself (an ``Image`` widget holding PNG bytes). Executing a notebook
stores only a *widget view* in the cell output, a pointer such as
``{"model_id": "..."}``; the panel's content lives in the notebook's widget
state. A static page has no Python kernel to move the sliders, and myst-nb's
default way of showing widgets loads require.js and the ipywidgets HTML manager
from a CDN, which leaves "Loading widget..." (or nothing) on an offline page.

This Sphinx extension (loaded by ``site/_config.yml``) therefore replaces each
widget view, right after myst-nb has executed and parsed a notebook, by what
the panel showed when the lesson ran with its default settings:

* the figure image (every ``Image`` widget in the panel, written as a PNG file,
  so it is copied to ``_images/`` like any other notebook figure);
* the read-out line (every ``HTML`` widget);
* one line listing the control settings the figure was drawn with, and a note
  that the controls work when the notebook is opened in JupyterLab.

It also drops the widget state from the page (it holds every figure again, as
base64 text, and only the CDN scripts would read it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"
MODEL_PREFIX = "IPY_MODEL_"
#: ipywidgets models that are controls (their description and value are listed under the figure)
CONTROL_MODELS_WITH_LABELS = {"DropdownModel", "SelectModel", "RadioButtonsModel", "ToggleButtonsModel"}
NOTE = "Interactive figure, shown with its default settings. Open this lesson in JupyterLab to move the controls."


def _widget_state(app: Sphinx, docname: str) -> dict[str, Any]:
    """The widget state myst-nb saved for ``docname`` (and remove it from the page's scripts)."""
    metadata = getattr(app.env, "nb_metadata", {}).get(docname, {})
    js_files = metadata.get("js_files", {})
    entry = js_files.pop("ipywidgets_state", None)
    if entry is None:
        return {}
    _uri, kwargs = entry
    # myst-nb escapes "</" inside the script body as "<\/", which JSON reads back unchanged
    return json.loads(kwargs["body"]).get("state", {})


def _model_id(reference: Any) -> str | None:
    if isinstance(reference, str) and reference.startswith(MODEL_PREFIX):
        return reference[len(MODEL_PREFIX) :]
    return None


def _walk(state: dict[str, Any], model_id: str, seen: set[str] | None = None):
    """Yield (model_name, model_state, buffers) for a widget and all its descendants, in order."""
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return
    seen.add(model_id)
    model = state[model_id]
    model_state = model.get("state", {})
    yield model_state.get("_model_name", ""), model_state, model.get("buffers", [])
    for child in model_state.get("children", []):
        child_id = _model_id(child)
        if child_id:
            yield from _walk(state, child_id, seen)


def _image_bytes(model_state: dict[str, Any], buffers: list[dict[str, Any]]) -> bytes | None:
    """The bytes of an ipywidgets Image's ``value`` (stored as a base64 buffer)."""
    for buffer in buffers:
        if buffer.get("path") == ["value"] and buffer.get("encoding") == "base64":
            return base64.b64decode(buffer["data"])
    value = model_state.get("value")
    if isinstance(value, str) and value:
        return base64.b64decode(value)
    return None


def _control_setting(model_name: str, model_state: dict[str, Any]) -> str | None:
    """``"description = value"`` for a control, or None for layout/output widgets."""
    description = str(model_state.get("description", "")).strip().rstrip(":")
    if not description:
        return None
    if model_name in CONTROL_MODELS_WITH_LABELS:
        labels = model_state.get("_options_labels", [])
        index = model_state.get("index")
        if isinstance(index, int) and 0 <= index < len(labels):
            return f"{description} = {labels[index]}"
        return None
    if model_name == "CheckboxModel" or model_name == "ToggleButtonModel":
        return f"{description}: {'on' if model_state.get('value') else 'off'}"
    value = model_state.get("value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        return f"{description} = {value:.4g}"
    if isinstance(value, (int, str)):
        return f"{description} = {value}"
    if isinstance(value, list) and all(isinstance(v, (int, float)) for v in value):
        return f"{description} = " + " to ".join(f"{v:.4g}" for v in value)
    return None


def _static_nodes(app: Sphinx, state: dict[str, Any], model_id: str, docname: str) -> list[nodes.Node]:
    """Docutils nodes showing the panel ``model_id`` as it was drawn: figure, read-out, settings."""
    images: list[nodes.Node] = []
    readouts: list[nodes.Node] = []
    settings: list[str] = []
    output_folder = Path(app.env.mystnb_config.output_folder)
    for model_name, model_state, buffers in _walk(state, model_id):
        if model_name == "ImageModel":
            data = _image_bytes(model_state, buffers)
            if not data:
                continue
            image_format = str(model_state.get("format", "png")).lower()
            filename = f"{hashlib.sha256(data).hexdigest()}.{image_format}"
            path = output_folder / filename
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            # "/..." = relative to the source folder, as myst-nb does for notebook figures
            uri = "/" + Path(os.path.relpath(path.resolve(), Path(app.srcdir).resolve())).as_posix()
            images.append(
                nodes.image(uri=uri, alt="interactive figure at its default settings", classes=["static-widget-figure"])
            )
        elif model_name == "HTMLModel":
            html = str(model_state.get("value", "")).strip()
            if html:
                readouts.append(nodes.raw("", f'<div class="static-widget-readout">{html}</div>', format="html"))
        else:
            setting = _control_setting(model_name, model_state)
            if setting:
                settings.append(setting)
    if not images:
        LOGGER.warning(
            f"interactive figure (widget {model_id}) has no figure image in the saved "
            "widget state; nothing to show on the static page [static_widgets]",
            location=docname,
            type="static_widgets",
            subtype="no_image",
        )
        return []
    note = NOTE
    if settings:
        note += " Settings shown: " + "; ".join(settings) + "."
    caption = nodes.paragraph("", "", nodes.emphasis("", note), classes=["static-widget-note"])
    return [nodes.container("", *readouts, *images, caption, classes=["static-widget"])]


def replace_widget_views(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` handler: swap every widget view of a notebook for its static rendering."""
    docname = app.env.docname
    state = _widget_state(app, docname)

    def is_widget_view(node: nodes.Node) -> bool:
        return isinstance(node, nodes.container) and node.get("mime_type") == WIDGET_VIEW_MIMETYPE

    for container in list(doctree.findall(is_widget_view)):
        model_id = None
        for raw in container.findall(nodes.raw):
            text = raw.astext()
            start, end = text.find(">") + 1, text.rfind("</script>")
            try:
                model_id = json.loads(text[start:end]).get("model_id")
            except ValueError:
                model_id = None
        replacement = _static_nodes(app, state, model_id, docname) if model_id else []
        if not model_id:
            LOGGER.warning(
                "could not read the model id of a widget output [static_widgets]",
                location=docname,
                type="static_widgets",
                subtype="no_model_id",
            )
        container.children = []
        container.extend(replacement)


def setup(app: Sphinx) -> dict[str, Any]:
    # run before Sphinx's image collector (priority 500) so the figures are copied to _images/
    app.connect("doctree-read", replace_widget_views, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

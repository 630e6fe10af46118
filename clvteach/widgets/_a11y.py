"""Accessibility of the explorers in the browser: alt text, slider names and value texts.

ipywidgets cannot set these attributes itself: its Image has no ``alt`` (and its ``tooltip``
fails on a widget without a description), and a slider handle's ``aria-valuetext`` is the
raw number ("0.80", "999.9999999999999"). One small invisible helper widget per explorer
(:class:`A11yHelper`, an anywidget: its JavaScript ships inside the Python package, nothing
is fetched) finds its explorer in the page and keeps, on every change:

* the live figure's ``alt`` = the text alternative of what it shows
  (:func:`clvteach.plotting._describe.alt_text`, updated on each redraw);
* each slider handle's ``aria-label`` = the slider's label, and its ``aria-valuetext`` =
  the value as read aloud: "80 %", "1,000 yuan", "5 years" (from the readout the browser
  shows, so it is right while the handle moves, before the kernel answers);
* each dropdown's ``aria-label`` = its label.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

__all__: list[str] = []

#: How a control's value is read aloud, by control name (default "number").
KINDS: dict[str, str] = {
    **dict.fromkeys(("margin", "retention", "discount_rate", "growth", "revenue_change",
                     "current_percentile", "potential_percentile"), "percent"),
    **dict.fromkeys(("annual_revenue", "maintenance_cost", "cac", "purchase_value",
                     "data_value", "product", "service", "personnel", "image", "monetary",
                     "time", "energy", "psychological"), "yuan"),
    "horizon": "years",
    **dict.fromkeys(("exploration", "formation", "stability", "deterioration"), "periods"),
}
UNITS: dict[str, tuple[str, str]] = {  # kind -> (en, zh)
    "percent": ("%", "%"),
    "yuan": ("yuan", "元"),
    "years": ("years", "年"),
    "periods": ("periods", "期"),
    "number": ("", ""),
}

_ESM = r"""
function parse(text) {
  const t = (text || "").replace(/[,\s]/g, "").replace("\u2212", "-");
  const m = t.match(/^([+-]?\d*\.?\d+(?:e[+-]?\d+)?)(%?)$/i);
  if (!m) return null;
  return {x: parseFloat(m[1]), percent: m[2] === "%"};
}
function number(x, digits) {
  return x.toLocaleString("en-US", {maximumFractionDigits: digits});
}
function spoken(spec, readout) {
  const p = parse(readout);
  if (p === null) return readout || "";
  if (spec.kind === "percent") {
    const pct = p.percent ? p.x : p.x * 100;
    return number(Math.round(pct * 10) / 10, 1) + " %";
  }
  const value = number(p.x, 2);
  return spec.unit ? value + " " + spec.unit : value;
}
function apply(root, model) {
  const alt = model.get("alt");
  for (const img of root.querySelectorAll("img.ct-figure")) {
    if (alt && img.getAttribute("alt") !== alt) img.setAttribute("alt", alt);
  }
  const controls = model.get("controls") || {};
  for (const [cls, spec] of Object.entries(controls)) {
    const box = root.querySelector("." + cls);
    if (!box) continue;
    const readout = box.querySelector(".widget-readout");
    for (const handle of box.querySelectorAll(".noUi-handle")) {
      if (handle.getAttribute("aria-label") !== spec.name) handle.setAttribute("aria-label", spec.name);
      const text = spoken(spec, readout ? readout.textContent : handle.getAttribute("aria-valuenow"));
      if (handle.getAttribute("aria-valuetext") !== text) handle.setAttribute("aria-valuetext", text);
    }
    if (readout && readout.getAttribute("aria-label") !== spec.name) {
      readout.setAttribute("aria-label", spec.name);
    }
    for (const select of box.querySelectorAll("select")) {
      if (select.getAttribute("aria-label") !== spec.name) select.setAttribute("aria-label", spec.name);
    }
  }
}
function render({ model, el }) {
  let root = null, observer = null, tries = 0, queued = false, timer = null;
  const update = () => {
    if (queued || !root) return;
    queued = true;
    queueMicrotask(() => { queued = false; apply(root, model); });
  };
  const start = () => {
    root = el.closest(".ct-explorer");
    if (!root) {
      if (tries++ < 300) timer = setTimeout(start, 50);  // not in the page yet
      return;
    }
    observer = new MutationObserver(update);
    observer.observe(root, {subtree: true, childList: true, characterData: true,
                            attributes: true, attributeFilter: ["aria-valuenow", "src"]});
    apply(root, model);
  };
  model.on("change:alt", update);
  model.on("change:controls", update);
  start();
  return () => {
    if (observer) observer.disconnect();
    if (timer) clearTimeout(timer);
    model.off("change:alt", update);
    model.off("change:controls", update);
  };
}
export default { render };
"""


class A11yHelper(anywidget.AnyWidget):
    """Invisible: keeps its explorer's alt text and ARIA attributes right in the browser."""

    _esm = _ESM
    alt = traitlets.Unicode("").tag(sync=True)
    #: CSS class of a control -> {"name": label, "kind": percent|yuan|..., "unit": text}
    controls = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(layout=widgets.Layout(display="none"), **kwargs)


def control_specs(controls: Mapping[str, widgets.Widget], lang: str,
                  labels: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """CSS class -> how assistive technology names and reads the control ``name``."""
    specs: dict[str, dict[str, str]] = {}
    for name, widget in controls.items():
        classes = [c for c in getattr(widget, "_dom_classes", ()) if c.startswith("ct-")]
        if not classes:
            continue
        kind = KINDS.get(name)
        if kind is None:
            kind = "percent" if "%" in str(getattr(widget, "readout_format", "")) else "number"
        en, zh = UNITS[kind]
        specs[classes[0]] = {"name": labels.get(name, name), "kind": kind,
                             "unit": zh if lang == "zh" else en}
    return specs


def spoken_value(value: float, kind: str, *, lang: str = "en") -> str:
    """What the browser helper reads for ``value`` (the same rules, for tests and summaries).

    Examples
    --------
    >>> spoken_value(0.8000000000000002, "percent"), spoken_value(999.9999999999999, "yuan")
    ('80 %', '1,000 yuan')
    """
    if kind == "percent":
        pct = round(value * 100, 1)
        return f"{pct:,.1f}".rstrip("0").rstrip(".") + " %"
    text = f"{round(value, 2):,.2f}".rstrip("0").rstrip(".")
    unit = UNITS.get(kind, ("", ""))[1 if lang == "zh" else 0]
    return f"{text} {unit}" if unit else text

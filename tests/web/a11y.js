// What the accessibility tests measure in the page: window.lashouAudit.<check>().
window.lashouAudit = {
  // Controls without an accessible name, computed the way the accessibility tree does for
  // the cases these pages use.
  unnamed: () => {
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const named = (el) => {
      if (el.getAttribute("aria-label")) return true;
      const by = el.getAttribute("aria-labelledby");
      if (by && by.split(/\s+/).some((id) => (document.getElementById(id) || {}).textContent?.trim())) return true;
      if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return true;
      if (el.title) return true;
      if (["BUTTON", "A"].includes(el.tagName) && el.textContent.trim()) return true;
      if (el.tagName === "INPUT" && ["submit", "button"].includes(el.type) && el.value) return true;
      return false;
    };
    return [...document.querySelectorAll("input:not([type=hidden]), select, textarea, button, a[href]")]
      .filter(shown).filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 120));
  },
  // Visible texts under WCAG AA contrast: 4.5:1, or 3:1 for large text (24 px, or 18.66 px
  // bold); the background is the first opaque one up the tree.
  lowContrast: () => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let node = el; node; node = node.parentElement) {
        const c = rgb(getComputedStyle(node).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const low = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const el = text.parentElement;
      if (!text.textContent.trim() || !el || el.closest("svg")) continue;
      if (el.getClientRects().length === 0 || el.closest(".skip")) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || Number(style.opacity) === 0) continue;
      const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) low.push(`${ratio.toFixed(2)} ${el.tagName}: ${text.textContent.trim().slice(0, 40)}`);
    }
    return low;
  },
  // The controls the keyboard should reach, each tagged with its place in document order. A
  // group of radio buttons is one stop (its checked one, else its first): arrows move inside.
  tagFocusable: () => {
    const stop = (el) => {
      if (el.type !== "radio") return true;
      const group = [...(el.form || document).querySelectorAll(`input[type=radio][name="${el.name}"]`)];
      return el.checked || (!group.some((r) => r.checked) && group[0] === el);
    };
    const all = [...document.querySelectorAll(
      "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])"
    )].filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
      .filter(stop);
    all.forEach((el, i) => { el.dataset.kbd = String(i); });
    return all.length;
  },
  // "" when the focused element shows a ring, "nothing" when nothing in the page has focus.
  focusRing: () => {
    const el = document.activeElement;
    if (!el || el === document.body) return "nothing";
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    return ring || style.boxShadow !== "none" ? "" : el.outerHTML.slice(0, 80);
  },
};

// lashou public pages: dates in the reader's locale and time zone, notice countdowns.
// The pages work without this script; it only formats what the server already wrote.
(function () {
  "use strict";
  const lang = document.documentElement.lang || "zh-CN";
  const dates = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  for (const node of document.querySelectorAll("time[data-epoch]")) {
    const when = new Date(Number(node.dataset.epoch) * 1000);
    node.textContent = dates.format(when);
    node.title = when.toISOString();
  }
  const zh = lang.startsWith("zh");
  function span(seconds) {
    const d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600);
    const m = Math.floor((seconds % 3600) / 60), s = Math.floor(seconds % 60);
    return zh ? `${d} 天 ${h} 小时 ${m} 分 ${s} 秒` : `${d} d ${h} h ${m} min ${s} s`;
  }
  // Remaining time is counted from the index's block time, then down with the reader's clock.
  const started = Date.now();
  const clocks = Array.from(document.querySelectorAll(".countdown[data-remaining]"));
  function tick() {
    const gone = (Date.now() - started) / 1000;
    for (const node of clocks) {
      const left = Number(node.dataset.remaining) - gone;
      node.textContent = left > 0 ? span(left) : node.dataset.ended;
    }
  }
  if (clocks.length) { tick(); setInterval(tick, 1000); }
})();

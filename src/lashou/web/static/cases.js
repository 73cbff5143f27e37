// What the supervisor and operator pages share: tables of claims and cases with countdowns to
// their deadlines, the reward rule of a fraud ruling, and a reason's keccak-256 shown as it is
// typed. Exposes window.lashouCases; needs wallet.js (window.lashou) and keccak.js.
(function () {
  "use strict";
  const L = window.lashou;
  const { t, money, config } = L;
  const params = config.parameters || {};
  const BPS = 10000n;
  const DAY = 86400;

  // -- time: deadlines count down from the chain's time, then with the reader's clock ---------
  let chainNow = Math.floor(Date.now() / 1000);
  let readAt = Date.now();
  function setNow(epoch) {
    chainNow = Number(epoch);
    readAt = Date.now();
  }
  function now() {
    return chainNow + Math.floor((Date.now() - readAt) / 1000);
  }
  function span(seconds) {
    const d = Math.floor(seconds / DAY);
    const h = Math.floor((seconds % DAY) / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    return t("case.span", { d, h, m });
  }
  function tick() {
    for (const node of document.querySelectorAll(".countdown[data-deadline]")) {
      const left = Number(node.dataset.deadline) - now();
      node.textContent = left > 0 ? span(left) : t("case.ended");
    }
  }
  setInterval(tick, 10000);

  // A deadline: its date in the reader's locale and, while it is ahead, the time left.
  function deadline(epoch) {
    const box = document.createElement("span");
    if (!epoch) {
      box.textContent = "–";
      return box;
    }
    const clock = document.createElement("span");
    clock.className = "countdown";
    clock.dataset.deadline = String(epoch);
    const date = document.createElement("small");
    date.textContent = " (" + L.date(epoch) + ")";
    box.append(clock, date);
    return box;
  }

  // -- tables ---------------------------------------------------------------------------------
  function claimLink(id) {
    const link = document.createElement("a");
    link.href = "/claims/" + id;
    link.textContent = "#" + id;
    return link;
  }

  // Fills `tbody` with one row per item: `cells(item)` gives each cell as text, a node,
  // { num: text } for an amount or { wrap: text } for a sentence (either with a node `after`
  // it); an empty list is one row saying so. Returns the count.
  function fill(tbody, items, cells) {
    tbody.textContent = "";
    const columns = tbody.closest("table").querySelectorAll("thead th").length;
    if (!items.length) {
      const row = tbody.insertRow();
      const cell = row.insertCell();
      cell.colSpan = columns;
      cell.className = "muted";
      cell.textContent = t("case.none");
    }
    for (const item of items) {
      const row = tbody.insertRow();
      row.dataset.claim = String(item.claim_id);
      for (const value of cells(item)) {
        const cell = row.insertCell();
        if (value instanceof Node) {
          cell.appendChild(value);
        } else if (value && typeof value === "object") {
          cell.className = "num" in value ? "num" : "wrap";
          cell.textContent = "num" in value ? value.num : value.wrap;
          if (value.after) cell.appendChild(value.after);
        } else {
          cell.textContent = value;
        }
      }
    }
    tick();
    return items.length;
  }

  // A <select> listing the items' claims; keeps the choice when the list is drawn again.
  function choices(select, items) {
    const kept = select.value;
    select.textContent = "";
    for (const item of items) {
      const option = document.createElement("option");
      option.value = String(item.claim_id);
      option.textContent = "#" + item.claim_id;
      select.appendChild(option);
    }
    if (items.some((item) => String(item.claim_id) === kept)) select.value = kept;
    return items.length;
  }

  function condition(claim) {
    return t("class." + claim.condition_class);
  }

  // -- the rule of a fraud ruling (Disputes.rule) ----------------------------------------------
  // Every approving witness loses one bond; the supervisors share min(reward_bps × benefit,
  // slashed), never taken from the reserve; the rest of the slashed bonds goes to the reserve.
  function reward(benefit, approvals) {
    const target = (BigInt(benefit) * BigInt(params.reward_bps || 0)) / BPS;
    const slashable = BigInt(approvals) * BigInt(params.witness_bond || 0);
    return { target, slashable, reward: target < slashable ? target : slashable };
  }

  function percent(bps) {
    return (Number(bps || 0) / 100).toLocaleString(config.lang);
  }

  function days(seconds) {
    return Math.round(Number(seconds || 0) / DAY);
  }

  // -- a reason: its keccak-256 beside the text, as it is typed --------------------------------
  function reasonField(textarea, output) {
    const show = () => {
      const text = textarea.value.trim();
      output.textContent = text ? window.lashouKeccak(text) : "–";
    };
    textarea.addEventListener("input", show);
    textarea.form.addEventListener("reset", () => setTimeout(show, 0));
    show();
  }

  function reasonHash(text, required) {
    const reason = String(text || "").trim();
    if (!reason) {
      if (required) throw new L.UserError(t("case.reason_needed"));
      return null;
    }
    return window.lashouKeccak(reason);
  }

  // Tokens leave the wallet through an approval of the disputes contract when it falls short.
  async function approval(amount) {
    const account = L.wallet.account;
    const have = await L.wallet.tokenBalance(account);
    if (have < amount) {
      throw new L.UserError(t("wallet.short", { have: money(have), need: money(amount), symbol: config.symbol }));
    }
    if ((await L.wallet.allowance(account, "disputes")) >= amount) return [];
    return [{
      label: t("step.approve", { spender: "disputes", amount: money(amount), symbol: config.symbol }),
      build: () => L.api("/api/tx/approve", {
        method: "POST", body: { sender: account, spender: "disputes", amount },
      }),
    }];
  }

  function transaction(label, path, body) {
    return {
      label,
      build: () => L.api(path, { method: "POST", body: { sender: L.wallet.account, ...body } }),
    };
  }

  window.lashouCases = {
    setNow, now, deadline, claimLink, fill, choices, condition, reward, percent, days,
    reasonField, reasonHash, approval, transaction, params,
  };
})();

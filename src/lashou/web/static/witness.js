// The witness page: my registry record (the registry's and the pool's views) and my
// assignments (the index); register, add stake, leave, pull fees, and approve or reject a
// claim I was drawn for with my uploaded visit report — each previewed before the wallet signs.
(function () {
  "use strict";
  const L = window.lashou;
  const { t, money, toBase, api, wallet, config } = L;
  const $ = (id) => document.getElementById(id);
  const symbol = config.symbol;
  const parameters = config.parameters || {};
  const DAY = 86400;
  const PANEL = 3; // witnesses on a panel; slots 0-2 the first, 3-5 a redrawn one
  // The report transaction is estimated for the preview with this stand-in for the report's
  // hash (the same size on chain); the real hash comes back from the upload.
  const STAND_IN_HASH = "0x" + "ff".repeat(32);
  let record = null;
  let clock = { now: 0, at: Date.now() }; // the chain's time of the record, and when it came

  const param = (name) => BigInt(parameters[name] || 0);
  const days = (name) => Math.round(Number(parameters[name] || 0) / DAY);
  const same = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();

  async function load(account) {
    try {
      return await api("/api/witnesses/" + account);
    } catch (error) {
      if (error.status === 404) return null;
      throw error;
    }
  }

  // -- my record ----------------------------------------------------------------------------
  function field(name, value) {
    $("record").querySelector(`[data-field="${name}"]`).textContent = value;
  }

  function render() {
    $("me").hidden = false;
    const registered = record && record.status !== "left" && record.status !== "never";
    const note = $("record-note");
    note.hidden = true;
    $("not-witness").hidden = Boolean(registered);
    $("record").hidden = !record;
    $("register-section").hidden = Boolean(registered);
    $("manage").hidden = !registered;
    $("record-block").textContent = record ? t("witness.as_of", { block: record.block }) : "";
    if (record && record.status === "left") {
      note.textContent = t("witness.left");
      note.hidden = false;
    } else if (record && record.status === "inactive") {
      note.textContent = t("witness.inactive");
      note.hidden = false;
    }
    if (record) {
      field("status", t("witness.state." + record.status));
      field("stake", money(record.stake));
      field("bonds", t("witness.bonds_value", { n: record.locked_bonds, amount: money(record.bonded) }));
      field("free_bonds", String(record.free_bonds));
      field("liable_until", record.liable_until > record.now ? L.date(record.liable_until) : t("witness.not_liable"));
      const owed = BigInt(record.fees_owed);
      field("fees", money(owed) + (owed ? " · " + t(record.fees_ready ? "witness.fees_ready" : "witness.fees_waiting") : ""));
    }
    if (registered) renderManage();
    renderAssignments();
  }

  function renderManage() {
    $("add-stake-form").hidden = record.status !== "active";
    const owed = BigInt(record.fees_owed);
    const amount = money(owed);
    $("fees-help").textContent = !owed ? t("witness.fees_none")
      : record.fees_ready ? t("witness.fees_pull", { amount, symbol })
      : t("witness.fees_unfunded", { amount, symbol });
    $("pull-fees-form").querySelector("button").disabled = !record.fees_ready;
    let why;
    if (record.can_unstake) why = t("witness.unstake_ok", { stake: money(record.stake), symbol });
    else if (record.locked_bonds > 0) why = t("witness.unstake_locked", { n: record.locked_bonds });
    else why = t("witness.unstake_liable", { date: L.date(record.liable_until) });
    $("unstake-help").textContent = why;
    $("unstake-form").querySelector("button").disabled = !record.can_unstake;
  }

  // -- my assignments -----------------------------------------------------------------------
  function remaining(deadline) {
    const now = clock.now + Math.floor((Date.now() - clock.at) / 1000);
    const left = Number(deadline) - now;
    if (left <= 0) return null;
    const d = Math.floor(left / DAY), h = Math.floor((left % DAY) / 3600);
    if (d > 0) return t("witness.left_time", { d, h });
    return t("witness.left_hours", { h, m: Math.floor((left % 3600) / 60) });
  }

  function fact(list, name, value) {
    const row = document.createElement("div");
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = name;
    if (value instanceof Node) dd.appendChild(value);
    else dd.textContent = value;
    row.append(dt, dd);
    list.appendChild(row);
    return dd;
  }

  function renderAssignments() {
    const assignments = (record && record.assignments) || [];
    const registered = record && record.status !== "never";
    $("assignments-section").hidden = !registered;
    $("not-drawn").hidden = assignments.length > 0;
    const list = $("assignments");
    list.textContent = "";
    for (const seat of assignments) list.appendChild(assignmentItem(seat));
  }

  function assignmentItem(seat) {
    const id = seat.claim_id;
    const item = document.createElement("li");
    item.className = "assignment panel";
    item.dataset.claim = String(id);
    item.dataset.verdict = seat.verdict;
    const heading = document.createElement("h3");
    const link = document.createElement("a");
    link.href = "/claims/" + id;
    link.textContent = t("witness.claim", { id });
    link.title = t("witness.public_page");
    heading.appendChild(link);
    const facts = document.createElement("dl");
    facts.className = "facts";
    fact(facts, t("witness.claim_status"), t("status." + seat.claim_status));
    const due = document.createElement("span");
    const time = document.createElement("time");
    time.dateTime = new Date(Number(seat.deadline) * 1000).toISOString();
    time.textContent = L.date(seat.deadline);
    due.appendChild(time);
    const pending = seat.verdict === "pending";
    const left = remaining(seat.deadline);
    if (pending && left) {
      const countdown = document.createElement("span");
      countdown.className = "countdown";
      countdown.dataset.until = String(seat.deadline);
      countdown.textContent = " · " + left;
      due.appendChild(countdown);
    }
    fact(facts, t("witness.deadline"), due);
    fact(facts, t("witness.verdict"), t("status." + seat.verdict)).dataset.field = "verdict";
    if (seat.report_hash) {
      const code = document.createElement("code");
      code.className = "addr";
      code.textContent = seat.report_hash;
      fact(facts, t("witness.report_hash"), code);
    }
    item.append(heading, facts);
    if (seat.to_report && left) {
      item.appendChild(reportForm(seat));
    } else if (pending) {
      const note = document.createElement("p");
      note.className = "alert";
      note.textContent = left
        ? t("witness.closed")
        : t("witness.deadline_passed", { forfeit: money(param("silent_forfeit")), symbol });
      item.appendChild(note);
    }
    return item;
  }

  function reportForm(seat) {
    const id = seat.claim_id;
    const form = document.createElement("form");
    form.className = "report-form";
    form.noValidate = true;
    form.dataset.claim = String(id);
    const choice = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = t("witness.report_legend");
    choice.appendChild(legend);
    for (const verdict of ["approve", "reject"]) {
      const label = document.createElement("label");
      label.className = "choice";
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "verdict";
      radio.value = verdict;
      label.append(radio, " " + t("witness." + verdict));
      choice.appendChild(label);
    }
    const fileLabel = document.createElement("label");
    fileLabel.htmlFor = "report-file-" + id;
    fileLabel.textContent = t("witness.report_file");
    const file = document.createElement("input");
    file.type = "file";
    file.id = "report-file-" + id;
    file.name = "report";
    file.required = true;
    file.setAttribute("aria-describedby", "report-help-" + id);
    const help = document.createElement("p");
    help.id = "report-help-" + id;
    help.className = "note";
    help.textContent = t("witness.report_help");
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = t("witness.preview");
    form.append(choice, fileLabel, file, help, button);
    L.onSubmit(form, (data) => previewReport(form, seat, data));
    return form;
  }

  // Every half minute the countdowns follow the chain's clock on from the record's block time.
  setInterval(() => {
    for (const node of document.querySelectorAll(".countdown[data-until]")) {
      const left = remaining(node.dataset.until);
      node.textContent = left ? " · " + left : "";
    }
  }, 30_000);

  async function refresh(account) {
    record = await load(account);
    clock = { now: record ? record.now : 0, at: Date.now() };
    render();
  }

  // After a transaction, wait until the index has followed it, then draw the page again.
  async function settled(receipts) {
    await L.indexed(receipts);
    await L.refreshBalance();
  }

  // -- actions ------------------------------------------------------------------------------
  async function approvalSteps(spender, amount) {
    const account = wallet.account;
    const have = await wallet.tokenBalance(account);
    if (have < amount) {
      throw new L.UserError(t("wallet.short", { have: money(have), need: money(amount), symbol }));
    }
    if ((await wallet.allowance(account, spender)) >= amount) return [];
    return [{
      label: t("step.approve", { spender, amount: money(amount), symbol }),
      build: () => api("/api/tx/approve", { method: "POST", body: { sender: account, spender, amount } }),
    }];
  }

  function transaction(label, path, body) {
    return { label, build: () => api(path, { method: "POST", body: { sender: wallet.account, ...body } }) };
  }

  const assignmentsFor = (stake) => (param("witness_bond") ? stake / param("witness_bond") : 0n);

  function stakeHelp() {
    $("stake-help").textContent = t("witness.stake_help", {
      min: money(param("witness_stake")), bond: money(param("witness_bond")), symbol,
    });
  }

  L.onSubmit($("register-form"), async (data) => {
    const admission = await L.readJson(data.get("admission"));
    const message = admission && admission.message;
    if (!message) throw new L.UserError(t("wallet.bad_file"));
    if (admission.kind !== "witness-admission") {
      throw new L.UserError(t("witness.admission_kind", { kind: admission.kind }));
    }
    if (!same(message.witness, wallet.account)) {
      throw new L.UserError(t("witness.admission_other", { witness: message.witness }));
    }
    const stake = toBase(data.get("stake"));
    const least = param("witness_stake");
    if (stake < least) throw new L.UserError(t("witness.stake_too_small", { min: money(least), symbol }));
    await L.preview($("register-form"), {
      steps: [
        ...(await approvalSteps("witnesses", stake)),
        transaction(t("witness.step.register"), "/api/tx/register", { admission, stake }),
      ],
      tokensOut: stake,
      effect: t("witness.effect.register", {
        stake: money(stake), min: money(least), bond: money(param("witness_bond")), symbol,
        n: assignmentsFor(stake), fee: money(param("witness_fee")),
        forfeit: money(param("silent_forfeit")), liability: days("liability_period"),
      }),
      done: settled,
    });
  });

  L.onSubmit($("add-stake-form"), async (data) => {
    const amount = toBase(data.get("amount"));
    const stake = BigInt(record.stake) + amount;
    await L.preview($("add-stake-form"), {
      steps: [
        ...(await approvalSteps("witnesses", amount)),
        transaction(t("witness.step.add_stake"), "/api/tx/add-stake", { amount }),
      ],
      tokensOut: amount,
      effect: t("witness.effect.add_stake", { stake: money(stake), symbol, n: assignmentsFor(stake) }),
      done: settled,
    });
  });

  L.onSubmit($("pull-fees-form"), async () => {
    await L.preview($("pull-fees-form"), {
      steps: [transaction(t("witness.step.pull_fees"), "/api/tx/pull-fees", {})],
      tokensIn: BigInt(record.fees_owed),
      effect: t("witness.effect.pull_fees", { amount: money(record.fees_owed), symbol }),
      done: settled,
    });
  });

  L.onSubmit($("unstake-form"), async () => {
    await L.preview($("unstake-form"), {
      steps: [transaction(t("witness.step.unstake"), "/api/tx/unstake", {})],
      tokensIn: BigInt(record.stake),
      effect: t("witness.effect.unstake", { stake: money(record.stake), symbol }),
      done: settled,
    });
  });

  // What a verdict does, from the claim's panel as the index has it and the plan's terms.
  async function verdictEffect(seat, approve) {
    const id = seat.claim_id;
    const fee = money(param("witness_fee"));
    if (!approve) {
      return [
        t("witness.effect.reject", { id, fee, symbol }),
        seat.slot >= PANEL
          ? t("witness.effect.final_reject")
          : t("witness.effect.to_arbitration", { days: days("arbitration_period") }),
      ].join(" ");
    }
    const timeline = await api("/api/claims/" + id);
    const start = seat.slot >= PANEL ? PANEL : 0;
    const approvals = timeline.panel.filter(
      (s) => s.slot >= start && s.slot < start + PANEL && s.verdict === "approved",
    ).length + 1;
    const notice = days("notice_period");
    return [
      t("witness.effect.approve", { id, fee, symbol }),
      approvals >= PANEL
        ? t("witness.effect.last_approval", { notice })
        : t("witness.effect.more_approvals", { n: approvals, notice }),
      t("witness.effect.liable", {
        liability: days("liability_period"), bond: money(param("witness_bond")), symbol,
      }),
    ].join(" ");
  }

  // Sign in, upload the report (its hash is what the chain keeps), then give the verdict.
  async function previewReport(form, seat, data) {
    const verdict = data.get("verdict");
    if (verdict !== "approve" && verdict !== "reject") throw new L.UserError(t("witness.choose_verdict"));
    const report = data.get("report");
    if (!report || !report.size) throw new L.UserError(t("witness.report_missing"));
    const current = record && record.assignments.find((s) => s.claim_id === seat.claim_id && s.to_report);
    if (!current || !same(record.address, wallet.account)) throw new L.UserError(t("witness.no_assignment"));
    const approve = verdict === "approve";
    const id = seat.claim_id;
    const uploaded = { hash: null };
    await L.preview(form, {
      steps: [
        { label: t("step.signin"), run: () => wallet.signIn() },
        {
          label: t("witness.step.upload", { id }),
          run: async () => {
            const upload = new FormData();
            upload.append("file", report);
            upload.append("kind", "report");
            upload.append("claim_id", String(id));
            uploaded.hash = (await api("/api/documents", { method: "POST", form: upload })).hash;
          },
        },
        {
          label: t("witness.step.report", { id, verdict: t("witness.verdict_" + verdict) }),
          rebuild: true,
          build: () => api("/api/tx/witness-report", {
            method: "POST",
            body: { sender: wallet.account, claim_id: id, approve, report_hash: uploaded.hash || STAND_IN_HASH },
          }),
        },
      ],
      effect: await verdictEffect(seat, approve),
      done: settled,
    });
  }

  stakeHelp();
  L.onAccount(refresh);
})();

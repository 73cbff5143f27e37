// The supervisor page: claims under notice to object to, claims queued or paid within the
// report window to report fraud on, and my cases with what I may withdraw. The evidence file is
// stored encrypted through the API after signing in; only its keccak-256 goes on chain, with
// the objection stake approved to the disputes contract.
(function () {
  "use strict";
  const L = window.lashou;
  const C = window.lashouCases;
  const { t, money, api, wallet, config } = L;
  const $ = (id) => document.getElementById(id);
  const symbol = config.symbol;
  const P = C.params;
  const stake = BigInt(P.objection_stake || 0);
  let notice = [];
  let reportable = [];
  let roles = null; // the connected account's roles, from /api/accounts

  // The operator rules on cases and may not raise one (the contracts refuse it too).
  const mayAct = () => !(roles && roles.operator);

  // -- what anyone may see ------------------------------------------------------------------
  async function loadClaims() {
    const get = (status) => api(`/api/claims?status=${status}&limit=500`);
    const [stats, underNotice, queued, paid, frauds] = await Promise.all([
      api("/api/stats"), get("notice"), get("queued"), get("paid"), api("/api/fraud-cases?status=fraud"),
    ]);
    C.setNow(stats.checkpoint_time);
    notice = underNotice.sort((a, b) => a.deadline - b.deadline);
    const confirmed = new Set(frauds.map((c) => c.claim_id));
    const window_ = Number(P.report_window || 0);
    reportable = [...queued, ...paid.filter((c) => c.paid_at + window_ > C.now())]
      .filter((c) => !confirmed.has(c.claim_id))
      .sort((a, b) => b.claim_id - a.claim_id);
    renderClaims();
  }

  function benefit(claim) {
    return { num: money(claim.benefit) };
  }

  function renderClaims() {
    C.fill($("notice-table").tBodies[0], notice, (c) => [
      C.claimLink(c.claim_id), String(c.tier), C.condition(c), benefit(c), C.deadline(c.deadline),
    ]);
    $("object-form").hidden = !C.choices($("object-claim"), notice) || !mayAct();
    C.fill($("report-table").tBodies[0], reportable, (c) => [
      C.claimLink(c.claim_id), String(c.tier), C.condition(c), benefit(c), t("status." + c.status),
      c.paid_at ? C.deadline(c.paid_at + Number(P.report_window || 0)) : t("supervisor.window_after_payout"),
    ]);
    $("report-form").hidden = !C.choices($("report-claim"), reportable) || !mayAct();
  }

  function renderRules() {
    $("rule-summary").textContent = t("supervisor.rule", {
      stake: money(stake), symbol, bps: C.percent(P.reward_bps), bond: money(P.witness_bond || 0),
      ruling: C.days(P.ruling_period), window: C.days(P.report_window),
    });
  }

  // -- my cases -----------------------------------------------------------------------------
  function outcome(c) {
    if (c.status === "open") return t("supervisor.outcome_open");
    if (c.status === "fraud") return t("supervisor.outcome_fraud", { reward: money(c.reward_received + c.reward_owed), symbol });
    if (c.status === "dismissed") return t("supervisor.outcome_dismissed");
    return t("supervisor.outcome_expired");
  }

  // What the case owes now, with the button that withdraws it.
  function withdrawal(c) {
    const owed = { num: money(c.to_withdraw) };
    if (!BigInt(c.to_withdraw)) return owed;
    const form = document.createElement("form");
    form.className = "row-action";
    form.noValidate = true;
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = t("supervisor.withdraw");
    button.setAttribute("aria-label", t("supervisor.withdraw_claim", { id: c.claim_id }));
    form.appendChild(button);
    L.onSubmit(form, () => previewWithdraw(form, c));
    return { ...owed, after: form };
  }

  function claimWithStatus(c) {
    const box = document.createElement("span");
    box.append(C.claimLink(c.claim_id), " · " + t("status." + c.claim_status));
    return box;
  }

  async function loadCases(address) {
    const mine = await api(`/api/supervisors/${address}/cases`);
    C.setNow(mine.now);
    $("cases-section").hidden = false;
    $("cases-total").textContent = mine.cases.length
      ? t("supervisor.total", { amount: money(mine.to_withdraw), symbol })
      : t("supervisor.no_cases");
    C.fill($("cases-table").tBodies[0], mine.cases, (c) => [
      claimWithStatus(c), t("status." + c.kind),
      c.status === "open" ? C.deadline(c.deadline) : L.date(c.deadline), { num: money(c.stake) },
      { wrap: outcome(c) }, withdrawal(c),
    ]);
  }

  // The operator rules on cases: it is told so at once, and the forms are not offered.
  async function refresh(address) {
    const [account] = await Promise.all([api("/api/accounts/" + address), loadClaims()]);
    roles = account.roles;
    const refused = $("not-supervisor");
    refused.textContent = t("supervisor.operator_may_not");
    refused.hidden = mayAct();
    renderClaims();
    await loadCases(address);
  }

  async function settled(receipts) {
    await L.indexed(receipts);
    await L.refreshBalance(); // draws the page again through onAccount
  }

  // -- before the wallet is asked: who may supervise, and the rule in numbers -----------------
  async function eligible(claimId, statuses) {
    const found = await api("/api/claims/" + claimId);
    const me = wallet.account.toLowerCase();
    if (!statuses.includes(found.claim.status)) {
      throw new L.UserError(t("supervisor.not_open", { id: claimId, status: t("status." + found.claim.status) }));
    }
    if (!mayAct()) throw new L.UserError(t("supervisor.operator_may_not"));
    if (found.claim.patient.toLowerCase() === me) throw new L.UserError(t("supervisor.patient_may_not"));
    if (found.panel.some((s) => s.verdict === "approved" && s.witness.toLowerCase() === me)) {
      throw new L.UserError(t("supervisor.witness_may_not"));
    }
    return found.claim;
  }

  async function evidenceHash(file) {
    if (!file || !file.size) throw new L.UserError(t("supervisor.evidence_needed"));
    return window.lashouKeccak.bytes(new Uint8Array(await file.arrayBuffer()));
  }

  // The evidence's content address, shown as soon as the file is chosen.
  function evidenceField(input, output) {
    const show = async () => {
      const file = input.files && input.files[0];
      output.textContent = file && file.size ? await evidenceHash(file) : "–";
    };
    input.addEventListener("change", show);
    input.form.addEventListener("reset", () => setTimeout(show, 0));
  }

  // Sign in, then store the evidence encrypted; the stored hash must be the one going on chain.
  function uploadSteps(file, claimId, hash) {
    return [
      { label: t("step.signin"), run: () => wallet.signIn() },
      {
        label: t("supervisor.step_upload", { id: claimId }),
        run: async () => {
          const form = new FormData();
          form.append("file", file);
          form.append("kind", "evidence");
          form.append("claim_id", String(claimId));
          const stored = await api("/api/documents", { method: "POST", form });
          if (stored.hash.toLowerCase() !== hash) throw new L.UserError(t("supervisor.hash_differs"));
        },
      },
    ];
  }

  function consequences(claim) {
    const r = C.reward(claim.benefit, claim.approvals);
    return {
      id: claim.claim_id, stake: money(stake), symbol, benefit: money(claim.benefit),
      n: claim.approvals, bond: money(P.witness_bond || 0), slashable: money(r.slashable),
      target: money(r.target), reward: money(r.reward), bps: C.percent(P.reward_bps),
      deadline: L.date(C.now() + Number(P.ruling_period || 0)),
    };
  }

  async function stakeAndHash(statuses, data) {
    const claim = await eligible(data.get("claim_id"), statuses);
    const hash = await evidenceHash(data.get("evidence"));
    return { claim, hash, file: data.get("evidence"), steps: await C.approval(stake) };
  }

  L.onSubmit($("object-form"), async (data) => {
    const { claim, hash, file, steps } = await stakeAndHash(["notice"], data);
    await L.preview($("object-form"), {
      steps: [
        ...uploadSteps(file, claim.claim_id, hash), ...steps,
        C.transaction(t("supervisor.step_object", { id: claim.claim_id }), "/api/tx/object",
          { claim_id: claim.claim_id, evidence_hash: hash }),
      ],
      tokensOut: stake,
      effect: t("supervisor.effect_object", { ...consequences(claim), hash }),
      done: settled,
    });
  });

  L.onSubmit($("report-form"), async (data) => {
    const { claim, hash, file, steps } = await stakeAndHash(["queued", "paid"], data);
    const where = claim.status === "paid" ? "supervisor.effect_report_paid" : "supervisor.effect_report_queued";
    await L.preview($("report-form"), {
      steps: [
        ...uploadSteps(file, claim.claim_id, hash), ...steps,
        C.transaction(t("supervisor.step_report", { id: claim.claim_id }), "/api/tx/report-fraud",
          { claim_id: claim.claim_id, evidence_hash: hash }),
      ],
      tokensOut: stake,
      effect: t(where, consequences(claim)) + " " + t("supervisor.effect_report", { ...consequences(claim), hash }),
      done: settled,
    });
  });

  async function previewWithdraw(form, c) {
    await L.preview(form, {
      steps: [C.transaction(t("supervisor.step_withdraw", { id: c.claim_id }), "/api/tx/supervisor-withdraw",
        { claim_id: c.claim_id })],
      tokensIn: BigInt(c.to_withdraw),
      effect: t("supervisor.effect_withdraw", {
        id: c.claim_id, stake: money(c.stake_owed), reward: money(c.reward_owed), symbol,
        total: money(c.to_withdraw),
      }),
      done: settled,
    });
  }

  renderRules();
  for (const form of ["object", "report"]) evidenceField($(form + "-evidence"), $(form + "-evidence-hash"));
  loadClaims().catch((error) => L.showError($("notice-section"), error));
  L.onAccount(refresh);
})();

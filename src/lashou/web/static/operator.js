// The operator page: the review queue, arbitration, disputes to rule on, recoveries to record
// and the investigation fees to collect, each with its deadline. Anyone may read the queue;
// only the plan's operator may act, and the page says so plainly to any other account before
// the wallet is ever asked. Reasons and rulings go on chain as the keccak-256 of their text.
(function () {
  "use strict";
  const L = window.lashou;
  const C = window.lashouCases;
  const { t, money, api, config } = L;
  const $ = (id) => document.getElementById(id);
  const symbol = config.symbol;
  const P = C.params;
  let queue = { operator: "", review: [], arbitration: [], disputes: [], recoveries: [], fees_owed: 0 };
  let isOperator = false;

  for (const id of ["review", "arbitrate", "rule"]) C.reasonField($(id + "-reason"), $(id + "-hash"));

  // -- the queue, for anyone ------------------------------------------------------------------
  function amount(base) {
    return { num: money(base) };
  }

  function render() {
    C.fill($("review-table").tBodies[0], queue.review, (c) => [
      C.claimLink(c.claim_id), String(c.tier), C.condition(c), amount(c.benefit), L.date(c.filed_at),
      C.deadline(c.deadline),
    ]);
    C.fill($("arbitration-table").tBodies[0], queue.arbitration, (c) => [
      C.claimLink(c.claim_id), C.condition(c), amount(c.benefit),
      t("operator.verdicts_value", { approved: c.approvals, rejected: c.rejections }), C.deadline(c.deadline),
    ]);
    C.fill($("disputes-table").tBodies[0], queue.disputes, (d) => [
      C.claimLink(d.claim_id), t("status." + d.kind), String(d.supervisors), amount(d.stakes),
      amount(d.benefit), C.deadline(d.deadline),
    ]);
    C.fill($("recoveries-table").tBodies[0], queue.recoveries, (d) => [
      C.claimLink(d.claim_id), amount(d.benefit), amount(d.recovered),
      { num: money(d.reward) + " / " + money(C.reward(d.benefit, 0).target) },
    ]);
    $("fees-owed").textContent = money(queue.fees_owed);
    const lists = {
      "review-form": ["review-claim", queue.review], "arbitrate-form": ["arbitrate-claim", queue.arbitration],
      "rule-form": ["rule-claim", queue.disputes], "recovery-form": ["recovery-claim", queue.recoveries],
    };
    for (const [form, [select, items]] of Object.entries(lists)) {
      $(form).hidden = !C.choices($(select), items) || !isOperator;
    }
    $("fees-form").hidden = !isOperator || !BigInt(queue.fees_owed);
  }

  async function loadQueue() {
    queue = await api("/api/operator/queue");
    C.setNow(queue.now);
    render();
  }

  // -- the connected account ------------------------------------------------------------------
  async function refresh(address) {
    const [account] = await Promise.all([api("/api/accounts/" + address), loadQueue()]);
    isOperator = Boolean(account.roles.operator);
    $("act-note").hidden = true;
    const note = $("not-operator");
    note.textContent = t("operator.not_operator", { operator: queue.operator });
    note.hidden = isOperator;
    render();
  }

  async function settled(receipts) {
    await L.indexed(receipts);
    await L.refreshBalance(); // draws the page again through onAccount
  }

  function guard() {
    if (!isOperator) throw new L.UserError(t("operator.not_operator", { operator: queue.operator }));
  }

  function chosen(items, id) {
    const found = items.find((item) => String(item.claim_id) === String(id));
    if (!found) throw new L.UserError(t("case.choose"));
    return found;
  }

  function published(hash) {
    return " " + t("operator.effect_publish", { hash });
  }

  // -- review ----------------------------------------------------------------------------------
  L.onSubmit($("review-form"), async (data) => {
    guard();
    const claim = chosen(queue.review, data.get("claim_id"));
    const id = claim.claim_id;
    if (data.get("decision") !== "reject") {
      await L.preview($("review-form"), {
        steps: [C.transaction(t("operator.step_accept", { id }), "/api/tx/accept", { claim_id: id })],
        effect: t("operator.effect_accept", { id, days: C.days(P.witness_period), blocks: P.seed_delay || 0 }),
        done: settled,
      });
      return;
    }
    const hash = C.reasonHash(data.get("reason"), true);
    await L.preview($("review-form"), {
      steps: [C.transaction(t("operator.step_reject", { id }), "/api/tx/reject", { claim_id: id, reason_hash: hash })],
      effect: t("operator.effect_reject", { id, benefit: money(claim.benefit), symbol }) + published(hash),
      done: settled,
    });
  });

  // -- arbitration -----------------------------------------------------------------------------
  L.onSubmit($("arbitrate-form"), async (data) => {
    guard();
    const claim = chosen(queue.arbitration, data.get("claim_id"));
    const id = claim.claim_id;
    const approve = data.get("decision") !== "reject";
    const hash = C.reasonHash(data.get("reason"), true);
    const effect = approve
      ? t("operator.effect_arbitrate_approve", { id, days: C.days(P.notice_period), benefit: money(claim.benefit), symbol })
      : t("operator.effect_arbitrate_reject", { id, benefit: money(claim.benefit), symbol });
    await L.preview($("arbitrate-form"), {
      steps: [C.transaction(t(approve ? "operator.step_arbitrate_approve" : "operator.step_arbitrate_reject", { id }),
        "/api/tx/arbitrate", { claim_id: id, approve, reason_hash: hash })],
      effect: effect + published(hash),
      done: settled,
    });
  });

  // -- disputes --------------------------------------------------------------------------------
  // What a ruling does depends on where the claim is: disputed during its notice, queued for
  // payout (held by a fraud report) or already paid.
  function stage(status) {
    if (status === "disputed") return "notice";
    return status === "paid" ? "paid" : "queued";
  }

  L.onSubmit($("rule-form"), async (data) => {
    guard();
    const dispute = chosen(queue.disputes, data.get("claim_id"));
    const id = dispute.claim_id;
    const fraud = data.get("ruling") === "fraud";
    const hash = C.reasonHash(data.get("reason"), true);
    const { claim } = await api("/api/claims/" + id);
    const r = C.reward(dispute.benefit, claim.approvals);
    const values = {
      id, n: dispute.supervisors, stakes: money(dispute.stakes), symbol, benefit: money(dispute.benefit),
      approvals: claim.approvals, bond: money(P.witness_bond || 0), slashable: money(r.slashable),
      target: money(r.target), reward: money(r.reward), bps: C.percent(P.reward_bps),
    };
    const where = stage(claim.status);
    const effect = fraud
      ? t("operator.effect_fraud_" + where, values) + " " + t("operator.effect_fraud", values)
      : t("operator.effect_dismiss", values) + " " + t("operator.effect_dismiss_" + where, values);
    await L.preview($("rule-form"), {
      steps: [C.transaction(t(fraud ? "operator.step_fraud" : "operator.step_dismiss", { id }), "/api/tx/rule",
        { claim_id: id, fraud, reason_hash: hash })],
      effect: effect + published(hash),
      done: settled,
    });
  });

  // -- recoveries and fees ---------------------------------------------------------------------
  L.onSubmit($("recovery-form"), async (data) => {
    guard();
    const found = chosen(queue.recoveries, data.get("claim_id"));
    const id = found.claim_id;
    const tokens = L.toBase(data.get("amount"));
    const target = C.reward(found.benefit, 0).target;
    const missing = target > BigInt(found.reward) ? target - BigInt(found.reward) : 0n;
    const toReward = tokens < missing ? tokens : missing;
    await L.preview($("recovery-form"), {
      steps: [
        ...(await C.approval(tokens)),
        C.transaction(t("operator.step_recovery", { id }), "/api/tx/record-recovery", { claim_id: id, amount: tokens }),
      ],
      tokensOut: tokens,
      effect: t("operator.effect_recovery", {
        id, amount: money(tokens), symbol, reward: money(toReward), reserve: money(tokens - toReward),
        target: money(target),
      }),
      done: settled,
    });
  });

  L.onSubmit($("fees-form"), async () => {
    guard();
    const owed = BigInt(queue.fees_owed);
    if (!owed) throw new L.UserError(t("operator.no_fees"));
    await L.preview($("fees-form"), {
      steps: [C.transaction(t("operator.step_fees"), "/api/tx/collect-fees", {})],
      tokensIn: owed,
      effect: t("operator.effect_fees", { amount: money(owed), symbol }),
      done: settled,
    });
  });

  loadQueue().catch((error) => L.showError($("review-section"), error));
  L.onAccount(refresh);
})();

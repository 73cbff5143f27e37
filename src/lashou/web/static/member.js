// The member page: my membership as the index has it, and join, top up, withdraw and exit,
// each previewed with /api/preview/cover before the wallet signs.
(function () {
  "use strict";
  const L = window.lashou;
  const { t, money, toBase, api, wallet, config } = L;
  const $ = (id) => document.getElementById(id);
  const symbol = config.symbol;
  const DAY = 86400;
  const WARN_PERIODS = 3; // warn while the balance covers this many periods or fewer
  let member = null;

  async function load(account) {
    try {
      return await api("/api/members/" + account);
    } catch (error) {
      if (error.status === 404) return null;
      throw error;
    }
  }

  function render() {
    $("me").hidden = false;
    const active = member && member.status === "active";
    $("not-member").hidden = Boolean(member);
    $("membership").hidden = !member;
    $("manage").hidden = !active && !(member && member.status === "lapsed");
    $("top-up-form").hidden = !active;
    $("withdraw-form").hidden = !active;
    $("join-section").hidden = active;
    $("file-section").hidden = !active;
    const warning = $("lapse-warning");
    warning.hidden = true;
    if (!member) return renderClaims();
    const field = (name, value) => {
      $("membership").querySelector(`[data-field="${name}"]`).textContent = value;
    };
    field("status", t("status." + member.status));
    field("balance", money(member.balance));
    field("tier", member.tier + " / " + member.weight);
    field("waiting_ends", L.date(member.waiting_ends));
    field("valid_until", L.date(member.valid_until));
    field("periods_covered", active ? t("member.periods_value", { n: member.periods_covered }) : "–");
    if (member.status === "lapsed") {
      warning.textContent = t("member.lapsed");
      warning.hidden = false;
    } else if (active && member.periods_covered <= WARN_PERIODS) {
      warning.textContent = t("member.warn_lapse", { n: member.periods_covered });
      warning.hidden = false;
    }
    renderClaims();
  }

  function renderClaims() {
    const claims = (member && member.claims) || [];
    $("claims-section").hidden = !member;
    const list = $("my-claims");
    list.textContent = "";
    if (!claims.length) {
      const none = document.createElement("li");
      none.textContent = t("member.no_claims");
      list.appendChild(none);
    }
    for (const claim of claims) {
      const item = document.createElement("li");
      item.dataset.claim = claim.claim_id;
      const link = document.createElement("a");
      link.href = "/claims/" + claim.claim_id;
      link.textContent = "#" + claim.claim_id;
      item.append(link, " · " + t("status." + claim.status) + " · " + money(claim.benefit) + " " + symbol);
      if (claim.payout_ready) {
        const pull = document.createElement("button");
        pull.type = "button";
        pull.className = "pull";
        pull.textContent = t("member.pull");
        pull.addEventListener("click", () => pullPayout(claim, item));
        item.append(" ", pull);
      }
      list.appendChild(item);
    }
  }

  async function pullPayout(claim, item) {
    const refund = member.status === "ended" ? BigInt(member.balance) : 0n;
    try {
      wallet.require();
      L.clearError(item);
      await L.preview(item, {
        steps: [transaction(t("member.payout"), "/api/tx/pull-payout", { claim_id: claim.claim_id })],
        // the pool sends what is left of an ended membership's deposit with the benefit
        tokensIn: BigInt(claim.benefit) + refund,
        effect: refund > 0n
          ? t("effect.payout_refund", { id: claim.claim_id, amount: money(claim.benefit), refund: money(refund), symbol })
          : t("effect.payout", { id: claim.claim_id, amount: money(claim.benefit), symbol }),
        done: settled,
      });
    } catch (error) {
      L.showError(item, error);
    }
  }

  async function refresh(account) {
    member = await load(account);
    render();
  }

  // After a transaction, wait until the index has followed it, then draw the page again.
  async function settled(receipts) {
    await L.indexed(receipts);
    await refresh(wallet.account);
    await L.refreshBalance();
  }

  // Once an admission is chosen, say the least first deposit its tier needs.
  $("admission-file").addEventListener("change", async (event) => {
    $("deposit-help").textContent = "";
    try {
      const admission = await L.readJson(event.target.files[0]);
      const least = await cover(admission.message.tier, 0n);
      $("deposit-help").textContent = t("member.deposit_help", { min: money(least.join_minimum), symbol });
    } catch (_) {
      /* a courtesy only: the preview checks the file and the real minimum */
    }
  });

  // Tokens leave the wallet through an approval first when the allowance is short.
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

  async function cover(tier, balance) {
    return api(`/api/preview/cover?tier=${tier}&balance=${balance < 0n ? 0n : balance}`);
  }

  L.onSubmit($("join-form"), async (data) => {
    const admission = await L.readJson(data.get("admission"));
    const message = admission && admission.message;
    if (!message || admission.kind !== "member-admission") throw new L.UserError(t("wallet.bad_file"));
    if (String(message.member).toLowerCase() !== wallet.account.toLowerCase()) {
      throw new L.UserError(t("member.admission_other", { member: message.member }));
    }
    const deposit = toBase(data.get("deposit"));
    const forecast = await cover(message.tier, deposit);
    if (deposit < BigInt(forecast.join_minimum)) {
      throw new L.UserError(t("member.deposit_help", { min: money(forecast.join_minimum), symbol }));
    }
    await L.preview($("join-form"), {
      steps: [
        ...(await approvalSteps("pool", deposit)),
        transaction(t("member.join"), "/api/tx/join", { admission, deposit }),
      ],
      tokensOut: deposit,
      effect: t("effect.join", {
        tier: message.tier, weight: forecast.weight, amount: money(deposit), symbol,
        waiting: Math.round((config.parameters.waiting_period || 0) / DAY), n: forecast.periods_covered,
      }),
      done: settled,
    });
  });

  L.onSubmit($("top-up-form"), async (data) => {
    const amount = toBase(data.get("amount"));
    const forecast = await cover(member.tier, BigInt(member.balance) + amount);
    await L.preview($("top-up-form"), {
      steps: [
        ...(await approvalSteps("pool", amount)),
        transaction(t("member.top_up"), "/api/tx/top-up", { amount }),
      ],
      tokensOut: amount,
      effect: t("effect.top_up", { balance: money(forecast.balance), symbol, n: forecast.periods_covered }),
      done: settled,
    });
  });

  L.onSubmit($("withdraw-form"), async (data) => {
    const amount = toBase(data.get("amount"));
    const left = BigInt(member.balance) - amount;
    const forecast = await cover(member.tier, left);
    if (left < BigInt(forecast.keep_minimum)) {
      throw new L.UserError(t("effect.withdraw_too_much", { keep: money(forecast.keep_minimum), symbol }));
    }
    await L.preview($("withdraw-form"), {
      steps: [transaction(t("member.withdraw"), "/api/tx/withdraw", { amount })],
      tokensIn: amount,
      effect: t("effect.withdraw", {
        balance: money(left), symbol, n: forecast.periods_covered, keep: money(forecast.keep_minimum),
      }),
      done: settled,
    });
  });

  L.onSubmit($("exit-form"), async () => {
    await L.preview($("exit-form"), {
      steps: [transaction(t("member.exit"), "/api/tx/exit", {})],
      tokensIn: BigInt(member.balance),
      effect: t("effect.exit", { balance: money(member.balance), symbol }),
      done: settled,
    });
  });

  // The claim's number comes from its ClaimFiled log (the first indexed field).
  function filedClaimId(receipt) {
    const topic = config.topics.ClaimFiled;
    const log = receipt.logs.find((entry) => entry.topics[0] === topic);
    return log ? BigInt(log.topics[1]) : null;
  }

  async function readSalt(file) {
    const text = file && file.size ? (await file.text()).trim() : "";
    if (!/^0x[0-9a-fA-F]{64}$/.test(text)) throw new L.UserError(t("member.bad_salt"));
    return text;
  }

  L.onSubmit($("file-form"), async (data) => {
    if (!member || member.status !== "active") throw new L.UserError(t("member.not_covered"));
    const diagnosis = await L.readJson(data.get("diagnosis"));
    const message = diagnosis && diagnosis.message;
    if (!message || diagnosis.kind !== "diagnosis") throw new L.UserError(t("wallet.bad_file"));
    if (String(message.patient).toLowerCase() !== wallet.account.toLowerCase()) {
      throw new L.UserError(t("member.diagnosis_other", { patient: message.patient }));
    }
    const documentFile = data.get("document");
    if (!documentFile || !documentFile.size) throw new L.UserError(t("wallet.bad_file"));
    const salt = await readSalt(data.get("salt"));
    const tier = config.tiers[String(member.tier)] || { benefit: 0 };
    const filed = { id: null };
    const upload = {
      label: t("step.upload_diagnosis_next"),
      run: async () => {
        const form = new FormData();
        form.append("file", documentFile);
        form.append("kind", "diagnosis");
        form.append("claim_id", String(filed.id));
        form.append("salt", salt);
        await api("/api/documents", { method: "POST", form });
      },
    };
    await L.preview($("file-form"), {
      steps: [
        { label: t("step.signin"), run: () => wallet.signIn() },
        {
          ...transaction(t("step.file_claim"), "/api/tx/file-claim", { diagnosis }),
          after: async (receipt) => {
            filed.id = filedClaimId(receipt);
            upload.label = t("step.upload_diagnosis", { id: filed.id });
          },
        },
        upload,
      ],
      effect: t("effect.file_claim", {
        tier: member.tier, condition: t("condition." + message.conditionClass),
        benefit: money(tier.benefit), symbol,
        review: Math.round((config.parameters.review_period || 0) / DAY),
        notice: Math.round((config.parameters.notice_period || 0) / DAY),
      }),
      done: settled,
    });
  });

  L.onAccount(refresh);
})();

// lashou role pages: the user's own wallet signs (EIP-1193, window.ethereum); the server only
// prepares unsigned transactions (/api/tx/…) and never holds a key. Every action is shown
// first — the steps the wallet will ask for, the tokens that move, the gas, what it will do —
// and runs only once the user confirms; its outcome links each transaction.
// Exposes window.lashou for the page's own script (member.js, witness.js, …).
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("page-config").textContent);
  const texts = config.texts || {};
  const $ = (id) => document.getElementById(id);

  class UserError extends Error {}

  function t(key, values) {
    let text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  // -- amounts: exact base units as BigInt ------------------------------------------------
  const decimals = Number(config.decimals);
  const unit = 10n ** BigInt(decimals);

  function toBase(input) {
    const text = String(input).trim().replace(/[,\s]/g, "");
    const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
    if (!match) throw new UserError(t("wallet.bad_amount"));
    const fraction = match[2] || "";
    if (fraction.length > decimals) throw new UserError(t("wallet.too_many_decimals", { n: decimals }));
    const base = BigInt(match[1]) * unit + BigInt(fraction.padEnd(decimals, "0") || "0");
    if (base === 0n) throw new UserError(t("wallet.zero_amount"));
    return base;
  }

  // Tokens as the server writes them: grouped, two decimals at least, more only when not zero.
  function money(base) {
    const value = BigInt(base);
    const size = value < 0n ? -value : value;
    const whole = (size / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    let part = (size % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
    part = part.padEnd(Math.min(2, decimals), "0");
    return (value < 0n ? "-" : "") + whole + (part ? "." + part : "");
  }

  const dates = new Intl.DateTimeFormat(config.lang, { dateStyle: "medium", timeStyle: "short" });
  function date(epoch) {
    return epoch ? dates.format(new Date(Number(epoch) * 1000)) : "–";
  }

  // -- the API ------------------------------------------------------------------------------
  // BigInt amounts travel as JSON integers, exactly.
  function encode(body) {
    const marked = JSON.stringify(body, (_, v) => (typeof v === "bigint" ? "\u0000" + v : v));
    return marked.replace(/"\\u0000(\d+)"/g, "$1");
  }

  async function api(path, { method = "GET", body, form } = {}) {
    const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = encode(body);
    } else if (form !== undefined) {
      init.body = form;
    }
    const reply = await fetch(path, init);
    const type = reply.headers.get("content-type") || "";
    const answer = type.includes("json") ? await reply.json() : null;
    if (!reply.ok) {
      const error = new UserError((answer && answer.detail) || reply.status + " " + reply.statusText);
      error.status = reply.status;
      throw error;
    }
    return answer;
  }

  // -- the wallet ---------------------------------------------------------------------------
  const hex = (n) => "0x" + BigInt(n).toString(16);
  const word = (address) => address.toLowerCase().replace(/^0x/, "").padStart(64, "0");
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const wallet = {
    account: null,
    provider() {
      const eth = window.ethereum;
      return eth && typeof eth.request === "function" ? eth : null;
    },
    async request(method, params) {
      const provider = this.provider();
      if (!provider) throw new UserError(t("wallet.missing"));
      try {
        return await provider.request({ method, params: params || [] });
      } catch (error) {
        if (error && error.code === 4001) throw new UserError(t("wallet.refused"));
        throw new UserError((error && error.message) || String(error));
      }
    },
    async connect() {
      const accounts = await this.request("eth_requestAccounts");
      if (!accounts || !accounts.length) throw new UserError(t("wallet.needed"));
      const chain = Number(BigInt(await this.request("eth_chainId")));
      if (config.chainId !== null && chain !== config.chainId) {
        try {
          await this.request("wallet_switchEthereumChain", [{ chainId: hex(config.chainId) }]);
        } catch (_) {
          throw new UserError(t("wallet.wrong_chain", { chain: config.chainId }));
        }
      }
      this.account = accounts[0];
      return this.account;
    },
    require() {
      if (!this.account) throw new UserError(t("wallet.needed"));
      return this.account;
    },
    async call(to, data) {
      return this.request("eth_call", [{ to, data }, "latest"]);
    },
    async tokenBalance(owner) {
      return BigInt(await this.call(config.contracts.token, "0x70a08231" + word(owner)));
    },
    async allowance(owner, spender) {
      const data = "0xdd62ed3e" + word(owner) + word(config.contracts[spender]);
      return BigInt(await this.call(config.contracts.token, data));
    },
    async gasPrice() {
      try {
        return BigInt(await this.request("eth_gasPrice"));
      } catch (_) {
        return null;
      }
    },
    // Sends what /api/tx built; a fifth more gas than the node's estimate, as wallets do.
    async send(unsigned) {
      const gas = (BigInt(unsigned.gas) * 6n) / 5n;
      return this.request("eth_sendTransaction", [
        { from: unsigned.from, to: unsigned.to, data: unsigned.data, value: hex(unsigned.value), gas: hex(gas) },
      ]);
    },
    async receipt(hash) {
      for (let i = 0; i < 600; i++) {
        const found = await this.request("eth_getTransactionReceipt", [hash]);
        if (found) return found;
        await sleep(300);
      }
      throw new UserError(t("outcome.waiting"));
    },
    // Sign-In with Ethereum: the service writes the EIP-4361 message, the wallet signs it.
    async signIn() {
      const account = this.require();
      const nonce = await api("/api/auth/nonce?address=" + encodeURIComponent(account));
      const bytes = new TextEncoder().encode(nonce.message);
      const data = "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      const signature = await this.request("personal_sign", [data, account]);
      return api("/api/auth/signin", { method: "POST", body: { message: nonce.message, signature } });
    },
  };

  // -- messages -----------------------------------------------------------------------------
  function showError(where, error) {
    const node = where.querySelector(".form-error") || document.createElement("p");
    node.className = "alert form-error";
    node.setAttribute("role", "alert");
    node.textContent = error instanceof Error ? error.message : String(error);
    if (!node.parentNode) where.appendChild(node);
    node.hidden = false;
  }

  function clearError(where) {
    const node = where.querySelector(".form-error");
    if (node) node.hidden = true;
  }

  // -- preview, then run --------------------------------------------------------------------
  // plan = { steps: [{ label, build?: async () => unsigned tx, after?: async (receipt) => void,
  //                   run?: async () => void }],
  //          tokensOut?: BigInt, tokensIn?: BigInt, effect: string, done?: async (receipts) => void }
  // The first transaction is built before the preview: the node's estimate is its gas, and a
  // transaction that would fail is refused there, before the wallet is asked anything.
  // A step marked `rebuild` (its transaction takes what an earlier step returns, such as an
  // uploaded document's hash) is estimated for the preview and built again when its turn comes.
  let pending = null;

  function fact(list, name, value) {
    const row = document.createElement("div");
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = name;
    dd.textContent = value;
    row.append(dt, dd);
    list.appendChild(row);
  }

  async function preview(form, plan) {
    clearError(form);
    const first = plan.steps.findIndex((step) => step.build);
    const built = first >= 0 ? await plan.steps[first].build() : null;
    const price = built ? await wallet.gasPrice() : null;
    const steps = $("preview-steps");
    steps.textContent = "";
    plan.steps.forEach((step, i) => {
      const item = document.createElement("li");
      item.textContent = step.label;
      if (step.build) {
        const gas = document.createElement("span");
        gas.className = "note";
        gas.textContent = " · " + t("preview.gas") + ": " + (i === first ? Number(built.gas).toLocaleString(config.lang) : t("preview.gas_later"));
        item.appendChild(gas);
      }
      steps.appendChild(item);
    });
    const facts = $("preview-facts");
    facts.textContent = "";
    if (plan.tokensOut) fact(facts, t("preview.tokens_out"), money(plan.tokensOut) + " " + config.symbol);
    if (plan.tokensIn) fact(facts, t("preview.tokens_in"), money(plan.tokensIn) + " " + config.symbol);
    if (built) {
      const fee = price === null ? "" : " (≈ " + ether(BigInt(built.gas) * price) + " ETH)";
      fact(facts, t("preview.gas"), Number(built.gas).toLocaleString(config.lang) + fee);
    }
    $("preview-effect").textContent = t("preview.effect") + ": " + plan.effect;
    pending = { form, plan, built, first };
    $("outcome").hidden = true;
    const section = $("preview");
    section.hidden = false;
    section.focus();
    section.scrollIntoView({ block: "nearest" });
  }

  function ether(wei) {
    const whole = wei / 10n ** 18n;
    const part = (wei % 10n ** 18n).toString().padStart(18, "0").slice(0, 6).replace(/0+$/, "");
    return whole.toString() + (part ? "." + part : "");
  }

  function outcomeLine(text, hash) {
    const item = document.createElement("li");
    item.textContent = text;
    if (hash) {
      const link = document.createElement("a");
      link.href = "/tx/" + hash;
      link.className = "hash";
      link.textContent = " " + hash.slice(0, 10) + "…" + hash.slice(-6);
      link.title = hash;
      item.appendChild(link);
    }
    $("outcome-steps").appendChild(item);
    return item;
  }

  async function confirm() {
    if (!pending) return;
    const { form, plan, built, first } = pending;
    pending = null;
    $("preview").hidden = true;
    const section = $("outcome");
    clearError(section);
    $("outcome-steps").textContent = "";
    $("outcome-message").textContent = "";
    section.hidden = false;
    const receipts = [];
    try {
      for (const [i, step] of plan.steps.entries()) {
        if (step.run) {
          const line = outcomeLine(step.label + " …");
          await step.run();
          line.textContent = step.label + " ✓";
          continue;
        }
        const unsigned = i === first && !step.rebuild ? built : await step.build();
        const hash = await wallet.send(unsigned);
        const line = outcomeLine(step.label + " · " + t("outcome.waiting"), hash);
        const receipt = await wallet.receipt(hash);
        if (BigInt(receipt.status) !== 1n) {
          throw new UserError(t("outcome.failed", { block: Number(BigInt(receipt.blockNumber)) }));
        }
        line.firstChild.textContent = step.label + " · " + t("outcome.mined");
        receipts.push(receipt);
        if (step.after) await step.after(receipt);
      }
      $("outcome-message").textContent = t("outcome.done") + " " + t("outcome.index_lag");
      if (typeof form.reset === "function") form.reset();
      if (plan.done) await plan.done(receipts);
    } catch (error) {
      showError(section, error);
    }
    section.focus();
  }

  // Runs a form's handler on submit, showing any refusal beside the form.
  function onSubmit(form, handler) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      try {
        wallet.require();
        await handler(new FormData(form));
      } catch (error) {
        showError(form, error);
      } finally {
        if (button) button.disabled = false;
      }
    });
  }

  async function readJson(file) {
    if (!file || !file.size) throw new UserError(t("wallet.bad_file"));
    try {
      return JSON.parse(await file.text());
    } catch (_) {
      throw new UserError(t("wallet.bad_file"));
    }
  }

  // Polls `check` until it holds (the index follows the chain a moment later).
  async function until(check, { tries = 60, every = 500 } = {}) {
    for (let i = 0; i < tries; i++) {
      if (await check()) return true;
      await sleep(every);
    }
    return false;
  }

  // Waits until the index has followed the chain past every receipt's block.
  async function indexed(receipts) {
    const block = receipts.reduce((top, r) => Math.max(top, Number(BigInt(r.blockNumber))), 0);
    return until(async () => (await api("/api/stats")).checkpoint_block >= block);
  }

  // -- the wallet panel ---------------------------------------------------------------------
  const listeners = [];
  async function connected() {
    $("wallet-error").hidden = true;
    $("account").textContent = wallet.account;
    $("wallet-info").hidden = false;
    $("connect").hidden = true;
    try {
      $("token-balance").textContent = money(await wallet.tokenBalance(wallet.account));
    } catch (_) {
      $("token-balance").textContent = "–";
    }
    for (const listener of listeners) await listener(wallet.account);
  }

  async function connectClicked() {
    try {
      await wallet.connect();
      await connected();
    } catch (error) {
      const box = $("wallet-error");
      box.textContent = error.message;
      box.hidden = false;
    }
  }

  function start() {
    $("confirm").addEventListener("click", confirm);
    $("cancel").addEventListener("click", () => {
      pending = null;
      $("preview").hidden = true;
    });
    const provider = wallet.provider();
    if (!provider) {
      $("wallet-missing").hidden = false;
      $("connect").disabled = true;
      return;
    }
    $("connect").addEventListener("click", connectClicked);
    if (typeof provider.on === "function") {
      provider.on("accountsChanged", async (accounts) => {
        wallet.account = accounts && accounts.length ? accounts[0] : null;
        if (wallet.account) await connected();
      });
    }
  }

  window.lashou = {
    config, t, money, toBase, date, api, wallet, preview, onSubmit, readJson, until, indexed,
    showError, clearError, UserError,
    onAccount(listener) { listeners.push(listener); },
    refreshBalance: connected,
  };
  start();
})();

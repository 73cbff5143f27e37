"""A test wallet for the browser tests: window.ethereum (EIP-1193) whose keys stay in Python.

The page's requests reach `InjectedWallet.answer` through a Playwright binding. Accounts,
`personal_sign` and `eth_sendTransaction` are answered here with the test key (the transaction
is signed locally and sent raw, as a real wallet does); every other method goes to the node
as it is. `refuse_next()` makes the next signature request fail as a user's "reject" does
(EIP-1193 error 4001), and `use()` switches accounts as a wallet's account menu does.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_account.signers.local import LocalAccount

PROVIDER = """
(() => {
  const listeners = {};
  window.ethereum = {
    isLashouTestWallet: true,
    async request({ method, params }) {
      const answer = JSON.parse(
        await window.__lashouWallet(JSON.stringify({ method, params: params || [] }))
      );
      if (answer.error) {
        const error = new Error(answer.error.message);
        error.code = answer.error.code;
        throw error;
      }
      return answer.result;
    },
    on(event, handler) { (listeners[event] = listeners[event] || []).push(handler); },
    removeListener(event, handler) {
      listeners[event] = (listeners[event] || []).filter((h) => h !== handler);
    },
    _emit(event, value) { for (const handler of listeners[event] || []) handler(value); },
  };
})();
"""
SIGNING = ("personal_sign", "eth_sendTransaction")


class WalletError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class InjectedWallet:
    def __init__(self, node_url: str, account: LocalAccount) -> None:
        self.node_url, self.account = node_url, account
        self.asked: list[str] = []  # the methods the page asked for, in order
        self.sent: list[str] = []  # transaction hashes it had signed
        self._refuse = False

    def attach(self, context: Any) -> None:
        """Install the provider in every page `context` (a Playwright BrowserContext) opens."""
        context.expose_function("__lashouWallet", self.answer)
        context.add_init_script(PROVIDER)

    def use(self, page: Any, account: LocalAccount) -> None:
        self.account = account
        page.evaluate("a => window.ethereum._emit('accountsChanged', [a])", account.address)

    def refuse_next(self) -> None:
        self._refuse = True

    def answer(self, payload: str) -> str:
        request = json.loads(payload)
        method, params = request["method"], request["params"]
        self.asked.append(method)
        try:
            return json.dumps({"result": self._answer(method, params)})
        except WalletError as exc:
            return json.dumps({"error": {"code": exc.code, "message": exc.message}})

    def _answer(self, method: str, params: list[Any]) -> Any:
        if method in ("eth_requestAccounts", "eth_accounts"):
            return [self.account.address]
        if method in SIGNING and self._refuse:
            self._refuse = False
            raise WalletError(4001, "User rejected the request.")
        if method == "personal_sign":
            data, address = params
            self._check_sender(address)
            signed = self.account.sign_message(encode_defunct(hexstr=data))
            return "0x" + bytes(signed.signature).hex()
        if method == "eth_sendTransaction":
            return self._send(params[0])
        if method == "wallet_switchEthereumChain":
            raise WalletError(4902, "This wallet knows only the test chain.")
        return self.rpc(method, params)

    def _check_sender(self, address: str) -> None:
        if address.lower() != self.account.address.lower():
            raise WalletError(4100, f"{address} is not an account of this wallet.")

    def _send(self, tx: dict[str, Any]) -> str:
        self._check_sender(tx["from"])
        nonce = self.rpc("eth_getTransactionCount", [self.account.address, "pending"])
        full = {
            "to": tx["to"], "data": tx.get("data", "0x"), "value": int(tx.get("value", "0x0"), 16),
            "gas": int(tx["gas"], 16), "gasPrice": int(self.rpc("eth_gasPrice", []), 16),
            "nonce": int(nonce, 16), "chainId": int(self.rpc("eth_chainId", []), 16),
        }  # fmt: skip
        raw = Account.sign_transaction(full, self.account.key).raw_transaction
        tx_hash = str(self.rpc("eth_sendRawTransaction", ["0x" + bytes(raw).hex()]))
        self.sent.append(tx_hash)
        return tx_hash

    def rpc(self, method: str, params: list[Any]) -> Any:
        body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}
        answer = httpx.post(self.node_url, json=body, timeout=30).json()
        if "error" in answer:
            raise WalletError(int(answer["error"].get("code", -32000)), answer["error"]["message"])
        return answer["result"]

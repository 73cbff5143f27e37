"""What every role page says about the wallet, signing and transactions."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav.roles": ("我的", "My pages"),
    "nav.member": ("会员", "Member"),
    "nav.witness": ("见证人", "Witness"),
    "nav.supervisor": ("监督人", "Supervisor"),
    "nav.operator": ("运营方", "Operator"),
    "wallet.title": ("钱包", "Wallet"),
    "wallet.lead": (
        "本页的操作由您自己的钱包签名；平台只准备未签名的交易，从不持有您的私钥。",
        "Actions on this page are signed by your own wallet; the platform only prepares"
        " unsigned transactions and never holds your key.",
    ),
    "wallet.connect": ("连接钱包", "Connect wallet"),
    "wallet.connected": ("已连接账户", "Connected account"),
    "wallet.missing": (
        "没有检测到以太坊钱包：请安装浏览器钱包（EIP-1193），或改用命令行 lashou。"
        "公开页面无需钱包。",
        "No Ethereum wallet was found: install a browser wallet (EIP-1193), or use the lashou"
        " command line. Public pages need no wallet.",
    ),
    "wallet.needed": (
        "请先连接钱包，再进行此操作。",
        "Connect your wallet first, then try again.",
    ),
    "wallet.wrong_chain": (
        "钱包连接的不是本计划的链（链 ID {chain}）：请在钱包中切换网络后重试。",
        "The wallet is on another chain than the plan's (chain id {chain}): switch networks"
        " in the wallet and try again.",
    ),
    "wallet.refused": (
        "您在钱包中拒绝了这次签名，什么都没有改变。",
        "You declined in the wallet; nothing has changed.",
    ),
    "wallet.balance": ("钱包余额", "Wallet balance"),
    "wallet.bad_amount": (
        "金额应为数字，例如 120 或 120.5。",
        "The amount must be a number such as 120 or 120.5.",
    ),
    "wallet.too_many_decimals": (
        "金额最多 {n} 位小数。",
        "The amount can have at most {n} decimals.",
    ),
    "wallet.zero_amount": ("金额必须大于 0。", "The amount must be more than 0."),
    "wallet.short": (
        "钱包里只有 {have} {symbol}，不足 {need} {symbol}：请先充值代币。",
        "The wallet holds only {have} {symbol}, less than {need} {symbol}: add tokens first.",
    ),
    "wallet.bad_file": (
        "这个文件不是有效的 JSON 签发文件：请使用签发方给您的原始文件。",
        "This file is not a valid JSON attestation: use the file exactly as it was issued.",
    ),
    "preview.title": ("签名前请确认", "Check before you sign"),
    "preview.steps": ("钱包将依次请求签名", "Your wallet will ask you to sign, in order"),
    "preview.tokens_out": ("从钱包转出", "Tokens leaving your wallet"),
    "preview.tokens_in": ("转入钱包", "Tokens coming to your wallet"),
    "preview.gas": ("预估 gas", "Estimated gas"),
    "preview.gas_later": ("批准上链后再估算", "estimated once the approval is mined"),
    "preview.effect": ("结果", "What it will do"),
    "preview.confirm": ("确认，打开钱包签名", "Confirm and sign in the wallet"),
    "preview.cancel": ("取消", "Cancel"),
    "step.approve": (
        "批准 {spender} 合约从您的钱包取用 {amount} {symbol}",
        "Let the {spender} contract take {amount} {symbol} from your wallet",
    ),
    "step.signin": (
        "签名登录（不是交易，不花费 gas），以上传私密材料",
        "Sign in (a message, not a transaction: no gas) to upload private documents",
    ),
    "outcome.title": ("结果", "Outcome"),
    "outcome.waiting": ("等待区块确认…", "Waiting for the block…"),
    "outcome.mined": ("已上链：", "Mined:"),
    "outcome.failed": (
        "交易在链上失败（区块 {block}）：什么都没有改变，请检查后重试。",
        "The transaction failed on chain (block {block}): nothing changed; check and try again.",
    ),
    "outcome.done": ("完成。", "Done."),
    "outcome.index_lag": (
        "索引跟上链后数字会更新（通常几秒）。",
        "The numbers update once the index has followed the chain (usually a few seconds).",
    ),
}

"""The pages' two languages: zh-CN first, English second.

The language comes from `?lang=` (then kept in a cookie), else from the cookie, else zh-CN.
`Text(lang)` looks a key up; a key missing from the catalog shows as itself, so a gap is
visible on the page rather than an error.
"""

from __future__ import annotations

from typing import Literal

from lashou.web.labels import EVENTS, PARAMETERS, PROVINCES, STATUS
from lashou.web.texts import ROLE_TEXTS

Lang = Literal["zh-CN", "en"]
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
DEFAULT: Lang = "zh-CN"
COOKIE = "lashou_lang"

CATALOG: dict[str, tuple[str, str]] = {
    "site": ("拉手互助", "lashou mutual aid"),
    "tagline": (
        "大病互助计划：规则与资金都在链上，人人可查。",
        "A mutual-aid plan for critical illness: its rules and money live on chain,"
        " open to anyone.",
    ),
    "nav": ("主导航", "Main"),
    "nav.home": ("总览", "Dashboard"),
    "nav.claims": ("互助公示", "Claims"),
    "nav.rules": ("规则", "Rules"),
    "nav.api": ("API 文档", "API docs"),
    "lang": ("语言", "Language"),
    "skip": ("跳到正文", "Skip to content"),
    "waiting_index": (
        "索引尚未就绪：跟上链之后数字才会出现。",
        "The index is not ready yet; the numbers appear once it has followed the chain.",
    ),
    "footer": (
        "每个数字都可用 lashou verify 对照链上数据核实。",
        "Every number can be checked against the chain with lashou verify.",
    ),
    "as_of": ("数据截至区块", "As of block"),
    # dashboard
    "home.title": ("计划总览", "The plan at a glance"),
    "members": ("会员", "Members"),
    "members_active": ("在保会员", "Members covered"),
    "members_waiting": ("等待期中", "In the waiting period"),
    "members_lapsed": ("已失效", "Lapsed"),
    "active_weight": ("分摊权重", "Active weight"),
    "money": ("资金", "Money"),
    "reserve": ("储备金", "Reserve"),
    "member_funds": ("会员余额", "Member balances"),
    "benefits_paid": ("累计赔付", "Total paid"),
    "claims_filed": ("累计申请", "Claims filed"),
    "claims_paid": ("已赔付申请", "Claims paid"),
    "periods_settled": ("已结算期数", "Periods settled"),
    "chart.title": ("每期每单位权重分摊", "Share per unit of weight, each period"),
    "chart.desc": (
        "柱高为该期每单位权重分摊的金额。",
        "Each bar is one settled period's share per unit of weight.",
    ),
    "chart.empty": ("尚无结算期。", "No period has been settled yet."),
    "cost.title": ("各档会员每期与每年分摊", "What a member of each tier paid"),
    "cost.note": (
        "分摊 = 权重 × 每单位分摊；按结算时间的自然年（UTC）汇总。",
        "Paid = weight × share per unit; years are calendar years (UTC) of the settlements.",
    ),
    "period": ("期", "Period"),
    "settled_at": ("结算时间", "Settled"),
    "share": ("每单位分摊", "Share per unit"),
    "tier": ("档位", "Tier"),
    "weight": ("权重", "Weight"),
    "benefit": ("保障金额", "Benefit"),
    "year": ("年份", "Year"),
    "tx": ("交易", "Transaction"),
    "latest_period": ("最近一期", "Latest period"),
    # claims
    "claims.title": ("互助公示", "Claims board"),
    "claims.lead": (
        "仅公示脱敏信息：省份、病情类别、档位、日期与金额；不公开姓名与任何材料。",
        "Masked details only: province, condition class, tier, dates and amounts;"
        " never names or documents.",
    ),
    "claims.notice": ("公示中", "Under notice"),
    "claims.open": ("处理中", "In progress"),
    "claims.paid": ("已赔付", "Paid"),
    "claims.fraud_confirmed": ("已认定欺诈", "Fraud confirmed"),
    "claims.rejected": ("未通过", "Rejected"),
    "claims.fraud": ("欺诈与异议案件", "Fraud cases and objections"),
    "none": ("暂无。", "None."),
    "claim": ("申请", "Claim"),
    "province": ("省份", "Province"),
    "class": ("病情类别", "Condition"),
    "class.0": ("重症", "Severe"),
    "class.1": ("轻症", "Mild"),
    "filed": ("申请时间", "Filed"),
    "paid_at": ("赔付时间", "Paid"),
    "updated": ("更新时间", "Updated"),
    "status": ("状态", "Status"),
    "countdown": ("公示剩余", "Notice ends in"),
    "deadline": ("截止", "Deadline"),
    "ended": ("已到期", "ended"),
    "kind": ("类型", "Kind"),
    "ruling": ("裁定", "Ruling"),
    "opened": ("发起时间", "Opened"),
    "slashed": ("罚没", "Slashed"),
    "recovered": ("追回", "Recovered"),
    "paid_amount": ("已赔付金额", "Paid out"),
    "details": ("详情", "Details"),
    # one claim
    "claim.title": ("互助申请 #{id}", "Claim #{id}"),
    "timeline": ("全过程", "Timeline"),
    "claim.fraud": (
        "此申请进入赔付队列或已赔付后，经举报认定为欺诈：患者身份永久不得再加入，批准它的见证人被罚没；"
        "向欺诈者追回的款项先补足举报奖励，其余进入储备金。",
        "Fraud was confirmed on this claim after it was queued or paid: the patient's identity"
        " may never join again and the witnesses who approved it were slashed; money recovered"
        " from the fraudster first completes the supervisors' reward, the rest goes to the"
        " reserve.",
    ),
    "panel": ("见证人小组", "Witness panel"),
    "witness": ("见证人", "Witness"),
    "verdict": ("结论", "Verdict"),
    "event": ("事件", "Event"),
    "contract": ("合约", "Contract"),
    "block": ("区块", "Block"),
    "time": ("时间", "Time"),
    "verify.title": ("自己动手核实", "Verify it yourself"),
    "verify.cli": (
        "用命令行从链上重新推导全部公开数据并与本站对照：",
        "Re-derive the public state from the chain and compare it with this site:",
    ),
    "verify.events": (
        "或直接向任一节点查询这些合约上 claim_id = {id} 的事件：",
        "Or ask any node for the events with claim_id = {id} on these contracts:",
    ),
    "verify.tx": (
        "每一步的交易哈希都可在节点上用 eth_getTransactionReceipt 查到。",
        "Every step's transaction hash can be looked up on a node with eth_getTransactionReceipt.",
    ),
    "addresses.none": (
        "暂时无法连接链，合约地址不可用。",
        "The chain cannot be reached now; contract addresses are unavailable.",
    ),
    "notfound.title": ("找不到这个页面", "Page not found"),
    "notfound.claim": (
        "索引中没有申请 #{id}：请核对编号，或稍候索引跟上链后再试。",
        "Claim #{id} is not in the index: check the id, or wait for the index to reach it.",
    ),
    "back": ("返回互助公示", "Back to the claims board"),
    # rules
    "rules.title": ("现行规则", "Current rules"),
    "rules.lead": (
        "以下参数来自 Config 合约（经索引）。任何修改须经时间锁公开排期，"
        "等待期满才能执行，会员可在生效前退出。",
        "These parameters come from the Config contract (through the index)."
        " Every change is scheduled in public through the timelock and runs only"
        " after its delay, so members can leave before it applies.",
    ),
    "parameter": ("参数", "Parameter"),
    "value": ("数值", "Value"),
    "tiers": ("保障档位", "Benefit tiers"),
    "pending": ("待生效的修改", "Pending changes"),
    "pending.none": ("当前没有排期中的修改。", "No change is scheduled."),
    "pending.unavailable": (
        "暂时无法读取时间锁（链不可达），无法列出待生效的修改。",
        "The timelock cannot be read now (the chain is unreachable), so"
        " pending changes cannot be listed.",
    ),
    "ready_at": ("最早生效时间", "Can run from"),
    "change": ("修改", "Change"),
    "operation": ("操作编号", "Operation"),
    "days": ("{n} 天", "{n} days"),
    # witness registry and member lookup
    "nav.witnesses": ("见证人名录", "Witnesses"),
    "nav.lookup": ("会员查询", "Member lookup"),
    "registry.title": ("见证人名录", "Witness registry"),
    "registry.lead": (
        "每位见证人都经身份核验并缴纳押金；为欺诈作证会被罚没。链上只有地址与地区，没有姓名。",
        "Every witness is identity-checked and staked; certifying a fraud costs the stake."
        " The chain holds an address and a region, never a name.",
    ),
    "registry.count": ("共 {n} 位见证人", "{n} witnesses"),
    "registry.stake": ("押金", "Stake"),
    "registry.assignments": ("受派次数", "Assignments"),
    "registry.rejections": ("否决", "Rejected"),
    "registry.since": ("登记时间", "Registered"),
    "lookup.title": ("会员查询", "Member lookup"),
    "lookup.lead": (
        "输入地址，查看该会员在链上的公开状态：档位、地区、余额与保障期限，不含任何个人信息。",
        "Enter an address to see that member's public status on chain: tier, region, balance"
        " and cover dates, nothing personal.",
    ),
    "lookup.address": ("会员地址", "Member address"),
    "lookup.go": ("查询", "Look up"),
    "lookup.bad": (
        "这不是以太坊地址：应为 0x 加 40 位十六进制数。",
        "This is not an Ethereum address: it is 0x and 40 hex digits.",
    ),
    "lookup.none": (
        "这个地址从未加入本计划（或索引尚未跟上）：请核对地址。",
        "This address never joined the plan (or the index has not reached it): check it.",
    ),
    "lookup.balance": ("余额（按索引）", "Balance (as indexed)"),
    "lookup.joined": ("加入时间", "Joined"),
    "lookup.waiting_ends": ("等待期结束", "Waiting period ends"),
    "lookup.valid_until": ("保障有效至", "Covered until"),
    "lookup.periods": ("余额还可分摊期数", "Periods the balance covers"),
    "lookup.note": ("加入交易：", "Joined in transaction"),
    **ROLE_TEXTS,
}


def pick(query: str | None, cookie: str | None) -> Lang:
    """The page's language: the query's, else the cookie's, else zh-CN."""
    for candidate in (query, cookie):
        for lang in LANGS:
            if candidate and candidate.lower() in (lang.lower(), lang[:2]):
                return lang
    return DEFAULT


class Text:
    """Look-ups in one language: `t("key")`, `t("key", id=3)`, `t.status("paid")`."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self._at = LANGS.index(lang)

    def __call__(self, key: str, **values: object) -> str:
        entry = CATALOG.get(key)
        text = entry[self._at] if entry else key
        return text.format(**values) if values else text

    def _of(self, table: dict[str, tuple[str, str]], key: str) -> str:
        entry = table.get(key)
        return entry[self._at] if entry else key

    def for_script(self, *prefixes: str) -> dict[str, str]:
        """The keys starting with `prefixes`, in this language, for a page's script; status
        names come as `status.<name>`."""
        texts = {k: v[self._at] for k, v in CATALOG.items() if k.startswith(prefixes)}
        texts.update({f"status.{k}": v[self._at] for k, v in STATUS.items()})
        return texts

    def status(self, key: str) -> str:
        return self._of(STATUS, key)

    def event(self, key: str) -> str:
        return self._of(EVENTS, key)

    def parameter(self, key: str) -> str:
        return self._of(PARAMETERS, key)

    def province(self, code: int) -> str:
        entry = PROVINCES.get(code)
        return entry[self._at] if entry else f"{code:02d}"

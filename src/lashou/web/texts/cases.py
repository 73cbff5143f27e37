"""Words the supervisor and operator pages share: claims and cases in tables, deadlines,
reasons."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "case.claim": ("申请", "Claim"),
    "case.tier": ("档位", "Tier"),
    "case.condition": ("病情类别", "Condition"),
    "case.benefit": ("保障金额", "Benefit"),
    "case.status": ("状态", "Status"),
    "case.kind": ("类型", "Kind"),
    "case.stake": ("押金", "Stake"),
    "case.ruling_deadline": ("裁定截止", "Ruling due by"),
    "case.span": ("{d} 天 {h} 小时 {m} 分", "{d} d {h} h {m} min"),
    "case.ended": ("已到期", "ended"),
    "case.none": ("暂无。", "None."),
    "case.choose": ("请先从列表中选择一项申请。", "Choose a claim from the list first."),
    "case.reason_needed": (
        "请写明理由：链上只记录它的哈希，原文由您公布。",
        "Write the reason: only its hash goes on chain, and you publish the text.",
    ),
}

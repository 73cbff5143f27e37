"""The operator page: review, arbitration, rulings, recoveries and fees, with deadlines."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "operator.title": ("运营方工作台", "Operator desk"),
    "operator.lead": (
        "审核申请、仲裁、裁定异议与欺诈举报、登记追回款项、领取调查费用，每项都有截止时间。任何人"
        "都可以查看队列；只有本计划的运营方账户能操作。",
        "Review claims, arbitrate, rule on objections and fraud reports, record recoveries and"
        " collect the investigation fees, each by its deadline. Anyone may read the queue; only"
        " the plan's operator account can act.",
    ),
    "operator.connect_to_act": (
        "连接运营方的钱包后才能操作；下面的队列是公开的。",
        "Connect the operator's wallet to act; the queue below is public.",
    ),
    "operator.not_operator": (
        "这个账户不是本计划的运营方（运营方是 {operator}）：队列只读显示，合约会拒绝其他账户的这些"
        "操作。",
        "This account is not the plan's operator (the operator is {operator}): the queue is shown"
        " read-only, and the contracts refuse these actions from any other account.",
    ),
    "operator.review": ("待审核", "Review queue"),
    "operator.review_help": (
        "在截止前通过（随后抽选见证人），或写明理由驳回。",
        "Accept (witnesses are drawn next) or reject with a reason before the deadline.",
    ),
    "operator.filed": ("提交时间", "Filed"),
    "operator.decide_by": ("剩余时间", "Time left"),
    "operator.decision": ("决定", "Decision"),
    "operator.accept": ("通过", "Accept"),
    "operator.reject": ("驳回", "Reject"),
    "operator.approve": ("维持申请（开始公示）", "Approve (the notice opens)"),
    "operator.reject_reason": ("驳回理由（驳回时必填）", "Reason (needed to reject)"),
    "operator.reasoning": ("仲裁理由", "Reasoning"),
    "operator.hash": ("上链的 keccak-256", "keccak-256 that goes on chain"),
    "operator.publish": (
        "链上只记录这个哈希：请公布理由原文，任何人都能用它核对。",
        "Only this hash goes on chain: publish the text itself so anyone can check it against the"
        " hash.",
    ),
    "operator.preview": ("预览", "Preview"),
    "operator.arbitration": ("仲裁", "Arbitration"),
    "operator.arbitration_help": (
        "首轮见证人中有人否决的申请：在截止前维持（开始公示）或驳回，并写明理由。",
        "Claims a witness of the first panel rejected: approve (the notice opens) or reject,"
        " with your reasoning, before the deadline.",
    ),
    "operator.verdicts": ("见证结论", "Verdicts"),
    "operator.verdicts_value": (
        "同意 {approved} · 反对 {rejected}",
        "{approved} approved · {rejected} rejected",
    ),
    "operator.disputes": ("待裁定的案件", "Disputes to rule on"),
    "operator.disputes_help": (
        "监督人的异议与欺诈举报：在截止前认定欺诈或驳回，并公布裁定书。",
        "Supervisors' objections and fraud reports: confirm fraud or dismiss before the deadline,"
        " and publish the ruling.",
    ),
    "operator.supervisors": ("监督人", "Supervisors"),
    "operator.ruling": ("裁定", "Ruling"),
    "operator.fraud": ("认定欺诈", "Fraud confirmed"),
    "operator.dismissed": ("驳回异议", "Dismissed"),
    "operator.ruling_text": ("裁定书", "The ruling"),
    "operator.recoveries": ("待登记的追回款项", "Recoveries to record"),
    "operator.recoveries_help": (
        "赔付后才认定欺诈的申请：从欺诈者处追回的款项先补足监督人奖励，其余转入储备金。",
        "Fraud confirmed after the payout: money recovered from the fraudster first completes the"
        " supervisors' reward, the rest goes to the reserve.",
    ),
    "operator.recovered": ("已追回", "Recovered"),
    "operator.reward": ("奖励 / 目标", "Reward / target"),
    "operator.amount": ("追回金额", "Amount recovered"),
    "operator.fees": ("调查费用", "Investigation fees"),
    "operator.fees_help": (
        "被驳回的案件中，监督人的押金归运营方作为调查费用。",
        "The stakes of dismissed cases are the operator's investigation fee.",
    ),
    "operator.collect": ("预览领取", "Preview collecting them"),
    "operator.no_fees": ("目前没有可领取的调查费用。", "No fees are owed now."),
    "operator.step_accept": ("通过申请 #{id}", "Accept claim #{id}"),
    "operator.step_reject": ("驳回申请 #{id}", "Reject claim #{id}"),
    "operator.step_arbitrate_approve": ("仲裁维持申请 #{id}", "Approve claim #{id} in arbitration"),
    "operator.step_arbitrate_reject": ("仲裁驳回申请 #{id}", "Reject claim #{id} in arbitration"),
    "operator.step_fraud": ("裁定申请 #{id} 欺诈", "Rule claim #{id} fraudulent"),
    "operator.step_dismiss": ("驳回对申请 #{id} 的异议", "Dismiss the case on claim #{id}"),
    "operator.step_recovery": ("登记申请 #{id} 的追回款项", "Record the recovery for claim #{id}"),
    "operator.step_fees": ("领取调查费用", "Collect the investigation fees"),
    "operator.effect_accept": (
        "申请 #{id} 通过审核：{blocks} 个区块后随机抽选三位见证人，他们有 {days} 天提交结论。没有"
        "代币转移。",
        "Claim #{id} passes review: three witnesses are drawn at random {blocks} blocks later and"
        " have {days} days to report. No tokens move.",
    ),
    "operator.effect_reject": (
        "申请 #{id} 在审核阶段被驳回，不可撤销；{benefit} {symbol} 的保障不会赔付。",
        "Claim #{id} is rejected at review, for good; its {benefit} {symbol} benefit is not paid.",
    ),
    "operator.effect_publish": (
        "理由以哈希 {hash} 上链：请公布原文。",
        "The reason goes on chain as {hash}: publish its text.",
    ),
    "operator.effect_arbitrate_approve": (
        "申请 #{id} 维持：开始 {days} 天公示，无人异议则进入赔付队列（{benefit} {symbol}）。",
        "Claim #{id} stands: its {days}-day public notice opens, then it is queued for its"
        " {benefit} {symbol} payout unless someone objects.",
    ),
    "operator.effect_arbitrate_reject": (
        "申请 #{id} 被驳回，不可撤销；{benefit} {symbol} 的保障不会赔付。",
        "Claim #{id} is rejected, for good; its {benefit} {symbol} benefit is not paid.",
    ),
    "operator.effect_fraud_notice": (
        "申请 #{id} 被驳回，不予赔付。",
        "Claim #{id} is rejected and never paid.",
    ),
    "operator.effect_fraud_queued": (
        "申请 #{id} 的待赔付款项撤销。",
        "Claim #{id}'s queued payout is cancelled.",
    ),
    "operator.effect_fraud_paid": (
        "已赔付的申请 #{id} 标记为欺诈，追回的款项在下方登记。",
        "Paid claim #{id} is marked fraudulent; record what is recovered below.",
    ),
    "operator.effect_fraud": (
        "申请人身份永久禁入；投同意票的 {approvals} 位见证人各被罚没一份保证金 {bond} {symbol}（最"
        "多 {slashable} {symbol}）；{n} 位监督人取回押金 {stakes} {symbol}，并平分奖励 min(保障金"
        "额 {benefit} 的 {bps}% = {target}，罚没所得)，最多 {reward} {symbol}；罚没的其余部分转入"
        "储备金。",
        "The patient's identity is barred for good; each of the {approvals} approving witnesses"
        " loses one bond of {bond} {symbol} (up to {slashable} {symbol}); the {n} supervisors get"
        " their stakes ({stakes} {symbol}) back and share a reward of min({bps}% of the {benefit}"
        " benefit = {target}, what the bonds bring), up to {reward} {symbol}; the rest of the"
        " slashed bonds goes to the reserve.",
    ),
    "operator.effect_dismiss": (
        "案件驳回：{n} 位监督人的押金 {stakes} {symbol} 成为您的调查费用（在下方领取）。",
        "The case is dismissed: the {n} supervisors' stakes, {stakes} {symbol}, become your"
        " investigation fee (collect it below).",
    ),
    "operator.effect_dismiss_notice": (
        "申请 #{id} 进入赔付队列。",
        "Claim #{id} is queued for payout.",
    ),
    "operator.effect_dismiss_queued": (
        "申请 #{id} 暂停的赔付恢复。",
        "Claim #{id}'s held payout is released.",
    ),
    "operator.effect_dismiss_paid": (
        "已赔付的申请 #{id} 不受影响。",
        "Paid claim #{id} stays as it is.",
    ),
    "operator.effect_recovery": (
        "登记申请 #{id} 追回的 {amount} {symbol}：{reward} {symbol} 补足监督人奖励（目标 {target} "
        "{symbol}），{reserve} {symbol} 转入储备金。",
        "{amount} {symbol} recovered for claim #{id}: {reward} {symbol} completes the supervisors'"
        " reward (target {target} {symbol}), {reserve} {symbol} goes to the reserve.",
    ),
    "operator.effect_fees": (
        "被驳回案件的调查费用 {amount} {symbol} 转入您的钱包。",
        "The investigation fees of dismissed cases, {amount} {symbol}, come to your wallet.",
    ),
}

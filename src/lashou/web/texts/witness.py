"""The witness page: my registry record, register, stake, unstake, fees, and my assignments
with their reports."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "witness.title": ("我的见证人工作", "My witness work"),
    "witness.lead": (
        "见证人受抽选探访申请人并提交探访报告。连接钱包后查看押金、保证金、见证费与受派任务，"
        "并在此登记、增加或取回押金、领取见证费、提交结论。",
        "Witnesses are drawn to visit a claimant and report on the visit. Connect your wallet"
        " to see your stake, bonds, fees and assignments, and to register, add to or take back"
        " the stake, pull fees and give your verdicts.",
    ),
    # the record
    "witness.mine": ("我的登记记录", "My registry record"),
    "witness.none": (
        "这个账户还不是见证人：用身份核验方签发给您的见证人许可文件登记并缴纳押金。",
        "This account is not a witness yet: register with the witness admission file the"
        " attestor gave you, and a stake.",
    ),
    "witness.left": (
        "这个账户已离开见证人名录，押金已取回。如需再次登记，请向身份核验方申请新的许可。",
        "This account has left the registry and took its stake back. To register again, ask"
        " the attestor for a new admission.",
    ),
    "witness.inactive": (
        "您的押金因罚没已低于最低押金，不会再被抽选；追责期结束后可取回剩余押金。",
        "Your stake fell below the minimum after a slash: you are drawn no more, and may take"
        " the rest back once the liability period has ended.",
    ),
    "witness.status": ("状态", "Status"),
    "witness.state.active": ("在册，可被抽选", "active, can be drawn"),
    "witness.state.inactive": ("暂停抽选", "inactive, not drawn"),
    "witness.state.left": ("已离开", "left"),
    "witness.state.never": ("未登记", "not registered"),
    "witness.stake": ("押金", "Stake"),
    "witness.bonds": ("锁定的保证金", "Bonds locked"),
    "witness.bonds_value": ("{n} 份（{amount}）", "{n} ({amount})"),
    "witness.free_bonds": ("还可承接的任务", "Assignments it can still take"),
    "witness.liable_until": ("追责期至", "Liable until"),
    "witness.not_liable": ("无", "not liable"),
    "witness.fees": ("应得见证费", "Fees owed"),
    "witness.fees_ready": ("可领取", "ready to pull"),
    "witness.fees_waiting": ("待结算后可领", "paid out after a settlement"),
    "witness.as_of": ("数据截至区块 {block}", "As of block {block}"),
    # register
    "witness.register": ("登记为见证人", "Register as a witness"),
    "witness.admission": ("见证人许可文件（JSON）", "Witness admission file (JSON)"),
    "witness.admission_help": (
        "由身份核验方签发，写明您的账户地址与地区码；不含姓名或身份证号。",
        "Issued by the attestor for your account address, with a region code; it holds no"
        " name or ID number.",
    ),
    "witness.admission_other": (
        "这份许可签发给另一个账户 {witness}：请用那个账户连接钱包。",
        "This admission names another account, {witness}: connect the wallet with that account.",
    ),
    "witness.admission_kind": (
        "这不是见证人许可文件（类型为 {kind}）：请使用身份核验方签发的见证人许可。",
        "This is not a witness admission (its kind is {kind}): use the witness admission the"
        " attestor issued.",
    ),
    "witness.stake_amount": ("押金金额", "Stake"),
    "witness.stake_help": (
        "至少 {min} {symbol}。每受派一件申请锁定一份 {bond} {symbol} 的保证金。",
        "At least {min} {symbol}. Each claim you are drawn for locks a bond of {bond} {symbol}.",
    ),
    "witness.stake_too_small": (
        "押金至少 {min} {symbol}：请提高金额。",
        "The stake must be at least {min} {symbol}: raise the amount.",
    ),
    "witness.preview": ("预览", "Preview"),
    # manage
    "witness.manage": ("押金与见证费", "Stake and fees"),
    "witness.add_stake": ("增加押金", "Add to the stake"),
    "witness.add_amount": ("增加金额", "Amount to add"),
    "witness.unstake": ("离开名录并取回押金", "Leave and take the stake back"),
    "witness.unstake_ok": (
        "现在可以离开：全部押金 {stake} {symbol} 将转回钱包，之后不再被抽选。",
        "You may leave now: the whole stake of {stake} {symbol} comes back and you are drawn"
        " no more.",
    ),
    "witness.unstake_locked": (
        "暂时不能离开：还有 {n} 份保证金锁定在尚未提交结论的任务上，请先提交结论。",
        "You cannot leave yet: bonds are locked on assignments still waiting for your verdict"
        " ({n}). Report on them first.",
    ),
    "witness.unstake_liable": (
        "暂时不能离开：最近一次结论的追责期到 {date} 结束，期间押金须留作担保。",
        "You cannot leave yet: the liability period of your last report runs until {date};"
        " the stake stays as a guarantee until then.",
    ),
    "witness.pull_fees": ("领取见证费", "Pull fees"),
    "witness.fees_none": ("目前没有应得的见证费。", "No fee is owed now."),
    "witness.fees_unfunded": (
        "应得 {amount} {symbol}，下一次结算拨付后即可领取。",
        "{amount} {symbol} is owed; it can be pulled once the next settlement funds it.",
    ),
    "witness.fees_pull": (
        "{amount} {symbol} 已拨付，可以领取。",
        "{amount} {symbol} is funded and ready to pull.",
    ),
    # assignments
    "witness.assignments": ("我的受派任务", "My assignments"),
    "witness.not_drawn": (
        "您还没有被抽中过：有申请需要见证时，系统会随机抽选，结果显示在这里。",
        "You have not been drawn yet: when a claim needs witnesses they are drawn at random,"
        " and your assignments appear here.",
    ),
    "witness.claim": ("申请 #{id}", "Claim #{id}"),
    "witness.claim_status": ("申请状态", "Claim status"),
    "witness.deadline": ("提交截止", "Report by"),
    "witness.left_time": ("剩余 {d} 天 {h} 小时", "{d} d {h} h left"),
    "witness.left_hours": ("剩余 {h} 小时 {m} 分", "{h} h {m} min left"),
    "witness.verdict": ("我的结论", "My verdict"),
    "witness.report_hash": ("报告哈希", "Report hash"),
    "witness.public_page": ("公开页面", "Public page"),
    "witness.deadline_passed": (
        "提交期限已过，不能再提交结论：任何人都可以更换您，届时从押金中扣罚 {forfeit} {symbol}，"
        "您也不再被抽选。",
        "The deadline has passed and the verdict can no longer be given: anyone may replace"
        " you, and then {forfeit} {symbol} is taken from your stake and you are drawn no more.",
    ),
    "witness.closed": (
        "这件申请已不在见证阶段，无需再提交。",
        "This claim is no longer being witnessed: nothing is left to report.",
    ),
    "witness.report_legend": ("探访结论", "Your verdict"),
    "witness.approve": ("同意：探访属实", "Approve: the visit confirms the claim"),
    "witness.reject": ("否决：探访不符", "Reject: the visit does not confirm it"),
    "witness.report_file": ("探访报告文件", "Visit report file"),
    "witness.report_help": (
        "报告加密保存，只有申请人、运营方、公证方和本案见证人可以读取；链上只有它的哈希。",
        "The report is stored encrypted, readable only by the claimant, the operator, the"
        " notary and this claim's witnesses; only its hash goes on chain.",
    ),
    "witness.report_missing": (
        "请先选择探访报告文件：没有报告不能提交结论。",
        "Choose the visit report file first: a verdict needs its report.",
    ),
    "witness.choose_verdict": ("请选择同意或否决。", "Choose approve or reject."),
    "witness.no_assignment": (
        "这件申请没有等您提交的结论：请刷新页面。",
        "This claim has no verdict waiting for you: reload the page.",
    ),
    # steps and effects
    "witness.step.register": ("登记并缴纳押金", "Register and stake"),
    "witness.step.add_stake": ("增加押金", "Add to the stake"),
    "witness.step.unstake": ("离开名录，取回押金", "Leave and take the stake back"),
    "witness.step.pull_fees": ("领取见证费", "Pull the fees"),
    "witness.step.upload": (
        "加密上传探访报告（申请 #{id}）",
        "Upload the visit report, encrypted (claim #{id})",
    ),
    "witness.step.report": (
        "提交结论：{verdict}（申请 #{id}）",
        "Give the verdict: {verdict} (claim #{id})",
    ),
    "witness.verdict_approve": ("同意", "approve"),
    "witness.verdict_reject": ("否决", "reject"),
    "witness.effect.register": (
        "以 {stake} {symbol} 押金登记为见证人（最低 {min} {symbol}）。"
        "每受派一件申请锁定 {bond} {symbol} 保证金，这份押金可同时承接 {n} 件。"
        "每按时提交一份结论得见证费 {fee} {symbol}；逾期不回应扣罚 {forfeit} {symbol} 并停止抽选；"
        "为事后认定欺诈的申请作证，将从押金中罚没一份保证金 {bond} {symbol}。"
        "离开名录时取回押金，但须在最近一次结论后 {liability} 天的追责期结束之后。",
        "Register as a witness with a stake of {stake} {symbol} (at least {min} {symbol})."
        " Each claim you are drawn for locks a bond of {bond} {symbol}, so this stake can take"
        " {n} at once. Each verdict given on time earns a fee of {fee} {symbol}; silence past"
        " the deadline forfeits {forfeit} {symbol} and ends your draws; approving a claim later"
        " found fraudulent"
        " costs a bond of {bond} {symbol} from the stake. The stake comes back when you leave,"
        " once {liability} days have passed since your last verdict.",
    ),
    "witness.effect.add_stake": (
        "押金变为 {stake} {symbol}，可同时承接 {n} 件任务。",
        "Your stake becomes {stake} {symbol}, room for {n} assignments at once.",
    ),
    "witness.effect.unstake": (
        "离开见证人名录：全部押金 {stake} {symbol} 转回钱包，之后不再被抽选；"
        "再次登记需要新的许可。",
        "Leave the registry: the whole stake of {stake} {symbol} comes back to your wallet and"
        " you are drawn no more; registering again needs a new admission.",
    ),
    "witness.effect.pull_fees": (
        "已拨付的见证费 {amount} {symbol} 转入您的钱包。",
        "The funded fees of {amount} {symbol} come to your wallet.",
    ),
    "witness.effect.approve": (
        "同意申请 #{id}：报告哈希上链，您得见证费 {fee} {symbol}（结算拨付后领取）。",
        "Approve claim #{id}: the report's hash goes on chain and you earn the fee of {fee}"
        " {symbol} (pulled once a settlement funds it).",
    ),
    "witness.effect.last_approval": (
        "这是第三份同意：申请随即进入 {notice} 天的公示期，期间任何人都可以提出异议。",
        "Yours is the third approval: the claim's {notice}-day public notice opens at once,"
        " during which anyone may object.",
    ),
    "witness.effect.more_approvals": (
        "加上您的，已有 {n}/3 份同意；三份同意后申请进入 {notice} 天的公示期。",
        "With yours, {n} of 3 approvals; all three open the claim's {notice}-day public notice.",
    ),
    "witness.effect.liable": (
        "您的押金在 {liability} 天内承担责任：若申请被认定为欺诈，将从押金中罚没 {bond} {symbol}。",
        "Your stake stays liable for {liability} days: if the claim is found to be a fraud,"
        " {bond} {symbol} is taken from it.",
    ),
    "witness.effect.reject": (
        "否决申请 #{id}：报告哈希上链，您得见证费 {fee} {symbol}（结算拨付后领取）；"
        "其余见证人无需再提交。",
        "Reject claim #{id}: the report's hash goes on chain and you earn the fee of {fee}"
        " {symbol} (pulled once a settlement funds it); the other witnesses need not report.",
    ),
    "witness.effect.to_arbitration": (
        "申请转交运营方仲裁（{days} 天内裁决）。",
        "The claim goes to the operator's arbitration (decided within {days} days).",
    ),
    "witness.effect.final_reject": (
        "您属于重新抽选的小组，否决即驳回这件申请。",
        "You sit on a redrawn panel: your rejection rejects the claim.",
    ),
}

"""The supervisor page: object to a claim under notice, report fraud after payout, my cases."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "supervisor.title": ("监督与举报", "Supervise claims"),
    "supervisor.lead": (
        "除申请人本人、运营方和投了同意票的见证人外，任何人都可以缴纳异议押金，对公示中的申请提出"
        "异议，或在赔付后举报欺诈；证据加密保存，链上只记录它的哈希。",
        "Anyone but the patient, the operator and the claim's approving witnesses may stake the"
        " objection deposit to object to a claim under notice, or report fraud after the payout;"
        " the evidence is stored encrypted and only its hash goes on chain.",
    ),
    "supervisor.rules": ("押金与奖励规则", "The stake and the reward"),
    "supervisor.rule": (
        "每次异议或举报押金 {stake} {symbol}。运营方认定欺诈：您的押金退还，投同意票的见证人每人被"
        "罚没一份保证金（{bond} {symbol}），监督人平分奖励 = min(保障金额的 {bps}%，罚没所得)，之"
        "后追回的款项先补足奖励；奖励从不动用储备金。驳回：押金归运营方作为调查费用，申请照常赔付"
        "。运营方须在 {ruling} 天内裁定，逾期任何人都可关闭案件，押金退还。赔付到账后 {window} 天"
        "内仍可举报欺诈。",
        "Each objection or report stakes {stake} {symbol}. If the operator confirms fraud, your"
        " stake comes back, each approving witness loses one bond ({bond} {symbol}) and the"
        " supervisors share a reward of min({bps}% of the benefit, what the bonds bring); money"
        " recovered later completes it, and the reserve never pays it. If the case is dismissed,"
        " the stakes go to the operator as the investigation fee and the claim is paid. The"
        " operator rules within {ruling} days; after that anyone may close the case and the stakes"
        " come back. Fraud can be reported until {window} days after the payout.",
    ),
    "supervisor.evidence_private": (
        "您的浏览器先算出证据文件的 keccak-256，上链的只有这个哈希；文件加密保存，只有您和处理中案"
        "件的运营方可以读取。",
        "Your browser computes the evidence file's keccak-256 first; only that hash goes on chain."
        " The file is stored encrypted: only you, and the operator while the case is open, can"
        " read it.",
    ),
    "supervisor.notice": ("公示中的申请", "Claims under notice"),
    "supervisor.notice_help": (
        "公示期内可提出异议；第一份异议使申请进入异议处理，赔付等待裁定。",
        "Object during the notice: the first objection disputes the claim, and its payout waits"
        " for the ruling.",
    ),
    "supervisor.notice_ends": ("公示剩余", "Notice ends in"),
    "supervisor.evidence": ("证据文件", "Evidence file"),
    "supervisor.evidence_help": (
        "任何格式；上链的只是它的哈希。",
        "Any format; only its hash goes on chain.",
    ),
    "supervisor.evidence_hash": ("上链的 keccak-256", "keccak-256 that goes on chain"),
    "supervisor.object": ("预览异议", "Preview the objection"),
    "supervisor.report": ("赔付后举报欺诈", "Report fraud after payout"),
    "supervisor.report_help": (
        "待赔付的申请（举报后赔付暂停），以及赔付到账后仍在举报窗口内的申请。",
        "Claims queued for payout (a report holds the payout) and paid claims still within the"
        " report window.",
    ),
    "supervisor.window_ends": ("举报窗口剩余", "Report window ends in"),
    "supervisor.window_after_payout": ("赔付到账后开始计算", "starts at the payout"),
    "supervisor.report_action": ("预览举报", "Preview the report"),
    "supervisor.cases": ("我的案件", "My cases"),
    "supervisor.outcome": ("结果", "Outcome"),
    "supervisor.to_withdraw": ("可取回", "To withdraw"),
    "supervisor.total": (
        "共可取回 {amount} {symbol}。",
        "You can withdraw {amount} {symbol} in all.",
    ),
    "supervisor.no_cases": (
        "这个账户还没有提出过异议或举报。",
        "This account has not objected or reported yet.",
    ),
    "supervisor.outcome_open": ("等待运营方裁定", "Waiting for the operator's ruling"),
    "supervisor.outcome_fraud": (
        "认定欺诈：押金退还，您的奖励份额目前为 {reward} {symbol}（追回款项可能使其增加）",
        "Fraud confirmed: your stake comes back; your share of the reward is {reward} {symbol} so"
        " far (recoveries may add to it)",
    ),
    "supervisor.outcome_dismissed": (
        "驳回：押金已作为调查费用归运营方",
        "Dismissed: the stake went to the operator as the investigation fee",
    ),
    "supervisor.outcome_expired": (
        "逾期未裁定：押金退还",
        "Not ruled in time: the stake comes back",
    ),
    "supervisor.withdraw": ("取回", "Withdraw"),
    "supervisor.withdraw_claim": (
        "取回申请 #{id} 案件的押金与奖励",
        "Withdraw what the case on claim #{id} owes you",
    ),
    "supervisor.not_open": (
        "申请 #{id} 现在的状态是“{status}”，不能这样监督：请刷新列表。",
        "Claim #{id} is now {status} and cannot be supervised this way: refresh the list.",
    ),
    "supervisor.operator_may_not": (
        "这个账户是本计划的运营方：运营方负责裁定异议与举报，不能自己提出。请换一个账户连接钱包。",
        "This account is the plan's operator, who rules on objections and fraud reports and may"
        " not raise one: connect the wallet with another account.",
    ),
    "supervisor.patient_may_not": (
        "申请人不能监督自己的申请。",
        "The patient may not supervise its own claim.",
    ),
    "supervisor.witness_may_not": (
        "投了同意票的见证人不能监督这项申请。",
        "An approving witness may not supervise the claim.",
    ),
    "supervisor.evidence_needed": ("请选择证据文件。", "Choose the evidence file."),
    "supervisor.hash_differs": (
        "服务器保存的证据哈希与您浏览器算出的不同：没有任何内容上链，请重试。",
        "The stored evidence's hash differs from the one your browser computed: nothing went on"
        " chain; try again.",
    ),
    "supervisor.step_upload": (
        "加密上传申请 #{id} 的证据（不是交易，不花费 gas）",
        "Upload the evidence for claim #{id}, encrypted (not a transaction: no gas)",
    ),
    "supervisor.step_object": (
        "对申请 #{id} 提出异议并缴纳押金",
        "Object to claim #{id}, staking the deposit",
    ),
    "supervisor.step_report": (
        "举报申请 #{id} 欺诈并缴纳押金",
        "Report fraud on claim #{id}, staking the deposit",
    ),
    "supervisor.step_withdraw": (
        "取回申请 #{id} 案件所欠",
        "Withdraw what the case on claim #{id} owes you",
    ),
    "supervisor.effect_object": (
        "您将为申请 #{id}（保障金额 {benefit} {symbol}）缴纳押金 {stake} {symbol}，"
        "证据以哈希 {hash} 上链。申请进入异议处理，赔付暂停，运营方须在 {deadline} 前裁定。"
        "认定欺诈：申请被驳回，申请人身份永久禁入；"
        "投同意票的 {n} 位见证人各被罚没一份保证金 {bond} {symbol}（最多 {slashable} {symbol}）；"
        "您的押金退还，监督人平分最多 {reward} {symbol} 的奖励——保障金额的 {bps}% 为 {target} "
        "{symbol}，但奖励只来自罚没的保证金与之后追回的款项，从不动用储备金。"
        "驳回：您的押金归运营方作为调查费用，申请照常赔付。"
        "逾期未裁定：任何人都可关闭案件，押金退还，申请照常赔付。",
        "You stake {stake} {symbol} against claim #{id} (benefit {benefit} {symbol}); the evidence"
        " goes on chain as {hash}. The claim is disputed and its payout waits for the operator's"
        " ruling, due by {deadline}. If fraud is confirmed: the claim is rejected and the patient"
        " barred; each of its {n} approving witnesses loses one bond of {bond} {symbol} (up to"
        " {slashable} {symbol}); your stake comes back and the supervisors share a reward of up to"
        " {reward} {symbol}: {bps}% of the benefit is {target} {symbol}, but the reward comes only"
        " from the slashed bonds and later recoveries, never from the reserve. If dismissed: your"
        " stake goes to the operator as the investigation fee and the claim is paid. If nobody"
        " rules by then: anyone may close the case, your stake comes back and the claim is paid.",
    ),
    "supervisor.effect_report_queued": (
        "申请 #{id} 在待赔付队列中：举报后赔付暂停，直到裁定（{deadline} 前）。",
        "Claim #{id} is queued for payout: your report holds the payout until the ruling, due by"
        " {deadline}.",
    ),
    "supervisor.effect_report_paid": (
        "申请 #{id} 已赔付 {benefit} {symbol}，运营方须在 {deadline} 前裁定。",
        "Claim #{id} was paid {benefit} {symbol}; the operator rules by {deadline}.",
    ),
    "supervisor.effect_report": (
        "您缴纳押金 {stake} {symbol}，证据以哈希 {hash} 上链。"
        "认定欺诈：待赔付的款项撤销（已赔付的则标记为欺诈），申请人身份永久禁入；"
        "投同意票的 {n} 位见证人各被罚没一份保证金 {bond} {symbol}"
        "（最多 {slashable} {symbol}，仅限仍在追责期内的见证人）；"
        "您的押金退还，监督人平分最多 {reward} {symbol} 的奖励（保障金额的 {bps}% 为 {target} "
        "{symbol}），之后从欺诈者处追回的款项先补足奖励，从不动用储备金。"
        "驳回：押金归运营方作为调查费用，赔付照常。逾期未裁定：押金退还。",
        "You stake {stake} {symbol}; the evidence goes on chain as {hash}. If fraud is confirmed:"
        " a queued payout is cancelled (a paid claim is marked fraudulent) and the patient barred;"
        " each of the {n} approving witnesses loses one bond of {bond} {symbol} (up to {slashable}"
        " {symbol}, while they are still liable); your stake comes back and the supervisors share"
        " a reward of up to {reward} {symbol} ({bps}% of the benefit is {target} {symbol}); money"
        " recovered from the fraudster later completes it, and the reserve never pays it. If"
        " dismissed: your stake goes to the operator as the investigation fee and the payout goes"
        " on. If nobody rules in time: your stake comes back.",
    ),
    "supervisor.effect_withdraw": (
        "申请 #{id} 的案件：退还押金 {stake} {symbol}，奖励 {reward} {symbol}，共 {total} {symbol}"
        " 转入您的钱包。",
        "The case on claim #{id} pays you {total} {symbol}: the stake, {stake} {symbol}, and the"
        " reward, {reward} {symbol}.",
    ),
}

"""The member page: my membership, join, top up, withdraw, exit, claims and payouts."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "member.title": ("我的会员资格", "My membership"),
    "member.lead": (
        "连接钱包后查看余额、等待期与可分摊期数，并在此加入、充值、取款或退出。",
        "Connect your wallet to see your balance, waiting period and the periods it covers,"
        " and to join, top up, withdraw or leave.",
    ),
    "member.mine": ("我的状态", "My status"),
    "member.none": (
        "这个账户还不是会员：用签发方给您的入会许可文件加入。",
        "This account is not a member yet: join with the admission file the attestor gave you.",
    ),
    "member.status": ("状态", "Status"),
    "member.balance": ("余额（按索引）", "Balance (as indexed)"),
    "member.tier": ("档位 / 权重", "Tier / weight"),
    "member.waiting_ends": ("等待期结束", "Waiting period ends"),
    "member.valid_until": ("保障有效至", "Covered until"),
    "member.periods": ("余额还可分摊", "Balance still covers"),
    "member.periods_value": ("{n} 期", "{n} periods"),
    "member.warn_lapse": (
        "提醒：按现行上限，您的余额只够再分摊 {n} 期，之后保障将失效。请尽快充值。",
        "Warning: at the current cap your balance covers only {n} more periods; after that"
        " your cover lapses. Top up soon.",
    ),
    "member.lapsed": (
        "您的保障已失效（余额不足一期上限）：取回余额后可重新申请入会。",
        "Your cover has lapsed (the balance could not pay a full cap): take the balance back"
        " and ask for a new admission to join again.",
    ),
    "member.join": ("加入计划", "Join the plan"),
    "member.admission": ("入会许可文件（JSON）", "Admission file (JSON)"),
    "member.admission_help": (
        "由身份核验方签发，只含承诺哈希、档位与地区码，不含姓名或身份证号。",
        "Issued by the attestor; it holds a commitment hash, tier and region code, never a"
        " name or ID number.",
    ),
    "member.deposit": ("首次存入", "First deposit"),
    "member.deposit_help": (
        "至少 {min} {symbol}（两期上限加一个分桶宽度，按权重计）。",
        "At least {min} {symbol} (two caps and a bucket width per unit of weight).",
    ),
    "member.top_up": ("充值", "Top up"),
    "member.withdraw": ("取款", "Withdraw"),
    "member.exit": ("退出计划", "Leave the plan"),
    "member.exit_help": (
        "随时可以退出：取回全部余额，保障立即终止。",
        "You may leave at any time: the whole balance comes back and cover ends at once.",
    ),
    "member.amount": ("金额", "Amount"),
    "member.preview": ("预览", "Preview"),
    "member.claims": ("我的互助申请", "My claims"),
    "member.no_claims": ("还没有申请。", "No claim yet."),
    "member.payout": ("领取赔付", "Pull the payout"),
    "member.admission_other": (
        "这份许可签发给另一个账户 {member}：请用那个账户连接钱包。",
        "This admission names another account, {member}: connect the wallet with that account.",
    ),
    "effect.join": (
        "以 {tier} 档（权重 {weight}）加入，存入 {amount} {symbol}；等待期 {waiting} 天后开始保障；"
        "按现行上限可分摊 {n} 期。",
        "Join in tier {tier} (weight {weight}) with {amount} {symbol}; cover starts after the"
        " {waiting}-day waiting period; at the current cap it covers {n} periods.",
    ),
    "effect.top_up": (
        "余额约变为 {balance} {symbol}，可分摊 {n} 期。",
        "Your balance becomes about {balance} {symbol}, covering {n} periods.",
    ),
    "effect.withdraw": (
        "余额约变为 {balance} {symbol}，可分摊 {n} 期；至少须留 {keep} {symbol}。",
        "Your balance becomes about {balance} {symbol}, covering {n} periods; at least"
        " {keep} {symbol} must stay.",
    ),
    "effect.withdraw_too_much": (
        "取款后余额将低于必须保留的 {keep} {symbol}：少取一些，或退出计划取回全部。",
        "That would leave less than the {keep} {symbol} that must stay: withdraw less, or"
        " leave the plan to take everything.",
    ),
    "effect.exit": (
        "退出计划：余额约 {balance} {symbol} 转回钱包（以链上结算后的数为准），保障随即终止。",
        "Leave the plan: about {balance} {symbol} comes back to your wallet (the settled"
        " amount on chain decides), and cover ends.",
    ),
    "effect.payout": (
        "申请 #{id} 的赔付 {amount} {symbol} 转入您的钱包。",
        "Claim #{id}'s payout of {amount} {symbol} comes to your wallet.",
    ),
    "effect.payout_refund": (
        "申请 #{id} 的赔付 {amount} {symbol} 连同您存款的余额 {refund} {symbol}"
        "（申请排队时保障已结束）一并转入您的钱包。",
        "Claim #{id}'s payout of {amount} {symbol} comes to your wallet with what is left of your"
        " deposit, {refund} {symbol} (your cover ended when the claim was queued).",
    ),
    "member.file": ("申请互助", "File a claim"),
    "member.file_help": (
        "需要公证方给您的三样东西：诊断签发文件（JSON）、诊断材料本身和它的盐值文件（.salt）。"
        "材料加密保存，只有您、运营方、公证方和抽中的见证人可以读取；链上只有它的哈希。",
        "You need three things from the notary: the diagnosis file (JSON), the diagnosis"
        " document itself and its salt file (.salt). The document is stored encrypted and"
        " readable only by you, the operator, the notary and the drawn witnesses; only its hash"
        " goes on chain.",
    ),
    "member.diagnosis": ("诊断签发文件（JSON）", "Diagnosis file (JSON)"),
    "member.document": ("诊断材料", "Diagnosis document"),
    "member.salt": ("盐值文件（.salt）", "Salt file (.salt)"),
    "member.bad_salt": (
        "盐值文件应只含 0x 加 64 位十六进制数：请使用公证方保存的 .salt 文件。",
        "The salt file must hold 0x and 64 hex digits: use the .salt file the notary saved.",
    ),
    "member.diagnosis_other": (
        "这份诊断签发给另一个账户 {patient}：请用那个账户连接钱包。",
        "This diagnosis names another account, {patient}: connect the wallet with that account.",
    ),
    "member.not_covered": (
        "只有在保会员可以申请：请先加入或充值。",
        "Only a covered member can file a claim: join or top up first.",
    ),
    "member.pull": ("领取", "Pull"),
    "step.file_claim": ("提交互助申请", "File the claim"),
    "step.upload_diagnosis": (
        "加密上传诊断材料（申请 #{id}）",
        "Upload the diagnosis document, encrypted (claim #{id})",
    ),
    "step.upload_diagnosis_next": (
        "加密上传诊断材料（申请编号上链后确定）",
        "Upload the diagnosis document, encrypted (once the claim has its number)",
    ),
    "effect.file_claim": (
        "以 {tier} 档保障提交「{condition}」申请"
        "（本档保障金额 {benefit} {symbol}，按病情类别给付）。"
        "运营方 {review} 天内审核，随后抽选三名见证人探访，再公示 {notice} 天。",
        "File a claim for a {condition} condition under your tier-{tier} cover (the tier's"
        " benefit is {benefit} {symbol}; the condition class sets the share). The operator"
        " reviews it within {review} days, three drawn witnesses visit, then a {notice}-day"
        " public notice runs.",
    ),
    "condition.0": ("重症", "severe"),
    "condition.1": ("轻症", "mild"),
}

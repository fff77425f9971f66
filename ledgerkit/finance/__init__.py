"""Finance scenarios on a consortium chain (区块链金融应用场景).

Each module is one business: credit vouchers (债权凭证), digital bills (数字票据), letters of
credit (信用证), factoring (保理) and forfaiting (福费廷), guarantees (保函), a shared credit
blacklist (征信黑名单), reconciliation (对账), loyalty points (积分), ABS (资产证券化),
cross-border trade finance (跨境贸易金融: `cross_border`) and cross-border payments over
correspondent banks or a multi-CBDC bridge (跨境支付: `payments_bridge`), penetrating fund
payment (穿透式拨付: `fund_payment`), evidence anchoring (存证: `evidence`), consent-based
KYC sharing (客户身份共享: `kyc`) and AML graph analytics (反洗钱: `aml`), health-insurance
claims (健康险理赔: `insurance`) and securities settlement (证券结算: `securities`); `ecny`
models e-CNY (数字人民币) on the central ledger it really runs on, not on a chain.
Money is Decimal in yuan, rounded to the fen (see `rates`).
"""

"""The one translation table of the dashboard (English and Simplified Chinese).

Every string a founder reads goes through `t(key, **fmt)`, so a missing
translation is a test failure rather than a half-English page. Data values
(country names from the snapshot, publisher names, licences) are shown as
published; names we own — pillars, tiers, methods, indicators, regions — are
translated here, falling back to the data's English text when a key is absent.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LANGS", "TEXT", "translate", "t", "current_lang", "label", "has"]

from xbmarkets.vocab import LANGS

TEXT: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- app / navigation
    "app.title": {"en": "xbmarkets — where to sell next", "zh": "xbmarkets — 下一站卖到哪里"},
    "app.lang": {"en": "Language", "zh": "语言"},
    "nav.home": {"en": "Home", "zh": "首页"},
    "nav.ranking": {"en": "Ranking", "zh": "市场排名"},
    "nav.tiers": {"en": "Tiers & entry plan", "zh": "市场分层与进入计划"},
    "nav.compare": {"en": "Compare", "zh": "国家对比"},
    "nav.robustness": {"en": "Robustness", "zh": "稳健性"},
    "nav.map": {"en": "Map", "zh": "地图"},
    "nav.data": {"en": "Data & your own CSV", "zh": "数据与自有数据"},
    # ---------------------------------------------------------------- scenario / state
    "state.url_fallback": {
        "en": "Some settings in the link were not valid and were reset to their defaults: {items}.",
        "zh": "链接中的部分设置无效，已恢复为默认值：{items}。",
    },
    "state.why.unknown_key": {"en": "unknown setting", "zh": "未知设置"},
    "state.why.bad_number": {"en": "not a number", "zh": "不是数字"},
    "state.why.out_of_range": {"en": "out of range", "zh": "超出范围"},
    "state.why.unknown_choice": {"en": "not an option", "zh": "不是可选项"},
    "state.dismiss": {"en": "OK", "zh": "知道了"},
    "state.more": {"en": "+{n} more", "zh": "另有 {n} 项"},
    "state.scenario": {"en": "Scenario", "zh": "情景"},
    "state.save": {"en": "Save scenario (JSON)", "zh": "保存情景（JSON）"},
    "state.load": {"en": "Load a scenario file", "zh": "载入情景文件"},
    "state.loaded": {"en": "Scenario loaded.", "zh": "情景已载入。"},
    "state.load_error": {"en": "This scenario file could not be used: {msg}", "zh": "无法使用该情景文件：{msg}"},
    "state.share": {
        "en": "The address bar holds your settings: copy it to share this scenario.",
        "zh": "浏览器地址栏已包含当前设置，复制链接即可分享此情景。",
    },
    # ---------------------------------------------------------------- errors / empty states
    "err.data": {
        "en": "The data snapshot could not be loaded: {msg}",
        "zh": "无法加载数据快照：{msg}",
    },
    "err.engine": {"en": "This could not be computed: {msg}", "zh": "无法完成计算：{msg}"},
    "err.no_weights": {
        "en": "Every pillar weight is zero. Give at least one pillar some weight to rank markets.",
        "zh": "所有支柱的权重都是 0。请至少给一个支柱设置权重，才能排名。",
    },
    "err.no_rows": {
        "en": "No market passes the current filters. Clear a region, income or tier filter, or lower the coverage "
        "threshold.",
        "zh": "当前筛选条件下没有市场。请取消部分地区、收入或层级筛选，或降低数据覆盖率门槛。",
    },
    "err.no_custom": {
        "en": "No own data loaded yet.",
        "zh": "尚未上传自有数据。",
    },
    # ---------------------------------------------------------------- home
    "home.title": {"en": "Which market should you sell into next?", "zh": "下一个该进入哪个市场？"},
    "home.what1": {
        "en": "Ranks {n} economies on five pillars — growth, competition, logistics, payments and regulation — from o"
        "fficial data.",
        "zh": "基于官方数据，从增长、竞争、物流、支付、监管五大支柱，对 {n} 个经济体进行排名。",
    },
    "home.what2": {
        "en": "You set what matters for your product; the ranking, tiers and a step-by-step entry plan update "
        "instantly.",
        "zh": "根据你的产品设定各项权重，排名、市场分层和分步进入计划随即更新。",
    },
    "home.what3": {
        "en": "Every figure carries its source and year, and the Robustness page shows how much the result depends on "
        "your weights.",
        "zh": "每个数字都注明来源和年份；“稳健性”页面展示结果在多大程度上取决于你的权重。",
    },
    "home.vintage": {"en": "Data vintage", "zh": "数据版本"},
    "home.top10": {"en": "Top 10 under your current weights", "zh": "当前权重下的前 10 名"},
    "home.weights_now": {
        "en": "Current weights: {weights} · method: {method}",
        "zh": "当前权重：{weights} · 方法：{method}",
    },
    "home.next": {"en": "Where to go next", "zh": "下一步"},
    "home.next.ranking": {
        "en": "Tune the weights and filters, explain a country, download the table.",
        "zh": "调整权重与筛选，查看单个国家的解释，下载排名表。",
    },
    "home.next.tiers": {
        "en": "See mature / growth / emerging tiers and a wave-by-wave entry plan.",
        "zh": "查看成熟 / 增长 / 新兴市场分层，以及分批进入计划。",
    },
    "home.next.compare": {
        "en": "Put 2–5 countries side by side, indicator by indicator.",
        "zh": "将 2–5 个国家逐项指标并排对比。",
    },
    "home.next.robustness": {
        "en": "Check whether the top markets stay on top when weights change.",
        "zh": "检验权重变化时，头部市场是否依然领先。",
    },
    "home.next.map": {"en": "See any score or indicator on a world map.", "zh": "在世界地图上查看任一得分或指标。"},
    "home.next.data": {
        "en": "Sources, coverage, and adding your own data as an extra pillar.",
        "zh": "数据来源、覆盖情况，以及把自有数据作为额外支柱加入模型。",
    },
    "home.col.edition": {"en": "Edition", "zh": "版本"},
    # ---------------------------------------------------------------- common columns
    "col.rank": {"en": "Rank", "zh": "排名"},
    "col.country": {"en": "Country", "zh": "国家/地区"},
    "col.iso3": {"en": "ISO3", "zh": "ISO3"},
    "col.score": {"en": "Score", "zh": "得分"},
    "col.tier": {"en": "Tier", "zh": "层级"},
    "col.coverage": {"en": "Coverage", "zh": "数据覆盖率"},
    "col.region": {"en": "Region", "zh": "地区"},
    "col.income": {"en": "Income group", "zh": "收入组别"},
    "col.reason": {"en": "Reason", "zh": "原因"},
    "col.value": {"en": "Value", "zh": "数值"},
    "col.year": {"en": "Year", "zh": "年份"},
    "col.source": {"en": "Source", "zh": "来源"},
    "col.indicator": {"en": "Indicator", "zh": "指标"},
    "col.pillar": {"en": "Pillar", "zh": "支柱"},
    "col.unit": {"en": "Unit", "zh": "单位"},
    "col.publisher": {"en": "Publisher", "zh": "发布机构"},
    "col.dataset": {"en": "Dataset", "zh": "数据集"},
    "col.edition": {"en": "Edition", "zh": "版本"},
    "col.licence": {"en": "Licence", "zh": "许可协议"},
    "col.weight": {"en": "Weight", "zh": "权重"},
    "col.contribution": {"en": "Contribution", "zh": "贡献"},
    "col.wave": {"en": "Wave", "zh": "批次"},
    "col.rationale": {"en": "Why", "zh": "理由"},
    "col.maturity": {"en": "Maturity", "zh": "成熟度"},
    "col.momentum": {"en": "Momentum", "zh": "增长势头"},
    "col.confidence": {"en": "Confidence", "zh": "置信度"},
    "col.region_rule": {"en": "Rule of thumb by region", "zh": "按地区的经验划分"},
    "col.p_top_k": {"en": "Share of draws in top {k}", "zh": "进入前 {k} 名的比例"},
    "col.p_first": {"en": "Share ranked first", "zh": "排名第一的比例"},
    "col.median_rank": {"en": "Median rank", "zh": "排名中位数"},
    "col.mean_rank": {"en": "Mean rank", "zh": "平均排名"},
    "col.rank_p05": {"en": "Rank (5th pct.)", "zh": "排名（5% 分位）"},
    "col.rank_p95": {"en": "Rank (95th pct.)", "zh": "排名（95% 分位）"},
    "col.normalized": {"en": "Normalised score (0–1)", "zh": "标准化得分（0–1）"},
    "col.percentile": {"en": "Percentile in the field", "zh": "在样本中的百分位"},
    "col.direction": {"en": "Direction", "zh": "方向"},
    "col.why": {"en": "Why it matters", "zh": "为何重要"},
    "col.n": {"en": "Markets", "zh": "市场数"},
    "col.note": {"en": "Note", "zh": "备注"},
    "col.data_years": {"en": "Data years (no projections)", "zh": "数据年份（不含预测）"},
    "col.n_economies": {"en": "Economies with data", "zh": "有数据的经济体"},
    # ---------------------------------------------------------------- pillars, methods, tiers
    "pillar.size": {"en": "Size", "zh": "市场规模"},
    "pillar.growth": {"en": "Growth", "zh": "增长势头"},
    "pillar.competition": {"en": "Competition", "zh": "竞争"},
    "pillar.logistics": {"en": "Logistics", "zh": "物流"},
    "pillar.payments": {"en": "Payments", "zh": "支付"},
    "pillar.regulation": {"en": "Regulation", "zh": "监管"},
    "pillar.fit": {"en": "Fit", "zh": "契合度"},
    "pillar.custom": {"en": "Your data", "zh": "自有数据"},
    "pillar.help.size": {
        "en": "How big the reachable market is: estimated online buyers, population, GDP, imports, income per head.",
        "zh": "可触达市场有多大：网购人数估算、人口、GDP、进口额、人均收入。",
    },
    "pillar.help.growth": {
        "en": "Momentum only: 6-year real growth, IMF outlook, change in internet use and in online buying, "
        "population growth.",
        "zh": "仅衡量增长势头：近 6 年实际增长、IMF 增长预测、互联网普及与网购占比的变化、人口增长。",
    },
    "pillar.help.competition": {
        "en": "How crowded online selling already is (lower scores higher): share of adults already buying online "
        "(proxy), firms selling online (direct, Europe only).",
        "zh": "线上销售已有多拥挤（越不拥挤得分越高）：已网购成年人占比（代理指标）、开展网上销售的企业占比"
        "（直接指标，仅欧洲）。",
    },
    "pillar.help.logistics": {
        "en": "World Bank Logistics Performance Index 2023, ports and air traffic.",
        "zh": "世界银行 2023 年物流绩效指数、港口与航空运量。",
    },
    "pillar.help.payments": {
        "en": "Accounts, digital payments, cards, mobile money, internet use, broadband, secure servers.",
        "zh": "账户、数字支付、信用卡、移动钱包、互联网普及、宽带、安全服务器。",
    },
    "pillar.help.regulation": {
        "en": "Governance, e-commerce and consumer laws, tariffs and VAT.",
        "zh": "治理水平、电子商务与消费者保护法律、关税与增值税。",
    },
    "pillar.help.fit": {
        "en": "How easy the market is to serve: marketplaces and English everywhere; with a ship-from origin also "
        "distance, shared language, border, trade agreement and time-zone gap.",
        "zh": "市场是否容易服务：电商平台与英语普及；选择发货地后，还包括距离、共同语言、陆地边界、贸易协定与时差。",
    },
    "pillar.help.custom": {
        "en": "Columns from the CSV you uploaded on the Data page.",
        "zh": "你在“数据”页面上传的 CSV 中的列。",
    },
    "method.wsm": {"en": "Weighted sum", "zh": "加权求和"},
    "method.topsis": {"en": "TOPSIS (closeness to the ideal)", "zh": "TOPSIS（逼近理想解）"},
    "tier.mature": {"en": "Mature", "zh": "成熟市场"},
    "tier.growth": {"en": "Growth", "zh": "增长市场"},
    "tier.emerging": {"en": "Emerging", "zh": "新兴市场"},
    "tier.unclassified": {"en": "Unclassified (too little data)", "zh": "未分类（数据不足）"},
    "tier.n/a": {"en": "n/a", "zh": "不适用"},
    "dir.higher_is_better": {"en": "higher is better", "zh": "越高越好"},
    "dir.lower_is_better": {"en": "lower is better", "zh": "越低越好"},
    # ---------------------------------------------------------------- ranking page
    "rank.title": {"en": "Market ranking", "zh": "市场排名"},
    "rank.intro": {
        "en": "Move the sliders to say how much each pillar matters for your product. The table re-ranks at once.",
        "zh": "拖动滑块，设定每个支柱对你的产品有多重要，排名表会即时更新。",
    },
    "rank.weights": {"en": "Pillar weights", "zh": "支柱权重"},
    "rank.weights_help": {
        "en": "Importance points; only their ratios matter (the shares are shown above the table).",
        "zh": "重要性分值，只看相对比例（各支柱占比显示在表格上方）。",
    },
    "rank.weights_now": {"en": "Weights now: {shares}.", "zh": "当前权重：{shares}。"},
    "rank.preset": {"en": "Preset", "zh": "预设方案"},
    "rank.preset.none": {"en": "(custom weights)", "zh": "（自定义权重）"},
    "rank.profile": {"en": "Product profile", "zh": "产品类型"},
    "rank.profile.none": {"en": "(none)", "zh": "（不指定）"},
    "rank.preset_reason": {"en": "Preset: {reason}", "zh": "预设说明：{reason}"},
    "rank.profile_reason": {"en": "Profile: {reason}", "zh": "产品类型说明：{reason}"},
    "rank.method": {"en": "Method", "zh": "排名方法"},
    "rank.coverage": {"en": "Minimum data coverage", "zh": "最低数据覆盖率"},
    "rank.coverage_help": {
        "en": "Economies with less of the weighted data than this are left out, never filled with zeros.",
        "zh": "加权数据覆盖率低于该门槛的经济体将被排除，绝不用 0 填补缺失。",
    },
    "rank.filters": {"en": "Filters", "zh": "筛选"},
    "rank.f_region": {"en": "Region", "zh": "地区"},
    "rank.f_income": {"en": "Income group", "zh": "收入组别"},
    "rank.f_tier": {"en": "Tier", "zh": "层级"},
    "rank.f_all": {"en": "All", "zh": "全部"},
    "rank.ind_weights": {"en": "Indicator weights (within each pillar)", "zh": "指标权重（支柱内部）"},
    "rank.ind_weights_toggle": {
        "en": "Show a weight for each indicator and, where it can be argued both ways, its direction.",
        "zh": "显示每个指标的权重，以及可双向解读的指标的方向。",
    },
    "rank.ind_changed": {
        "en": "{n} indicator setting(s) differ from the catalog's defaults.",
        "zh": "有 {n} 项指标设置与目录默认值不同。",
    },
    "rank.ind_weights_help": {
        "en": "1 = normal, 0 = ignore this indicator, 2 = counts double.",
        "zh": "1 = 正常，0 = 忽略该指标，2 = 双倍计入。",
    },
    "rank.shown": {
        "en": "{shown} of {total} ranked markets shown.",
        "zh": "共 {total} 个已排名市场，显示 {shown} 个。",
    },
    "rank.excluded": {"en": "Excluded economies ({n}) and why", "zh": "被排除的经济体（{n} 个）及原因"},
    "rank.download": {"en": "Download CSV", "zh": "下载 CSV"},
    "download.xlsx": {"en": "Download Excel", "zh": "下载 Excel"},
    "download.xlsx_help": {
        "en": "Same table as an Excel workbook (.xlsx); an About sheet lists weights, method, filters, data editions.",
        "zh": "同一表格的 Excel 工作簿（.xlsx），另有 About 工作表：权重、方法、筛选条件和数据版本。",
    },
    "rank.explain": {"en": "Explain one country", "zh": "解释单个国家"},
    "rank.explain_pick": {"en": "Country", "zh": "国家/地区"},
    "rank.explain_placeholder": {
        "en": "Pick a market to see why it ranks where it does",
        "zh": "选择一个市场，查看它为何排在这个位置",
    },
    "rank.strongest": {"en": "Strongest relative to the field", "zh": "相对优势"},
    "rank.weakest": {"en": "Weakest relative to the field", "zh": "相对短板"},
    "rank.pillar_contrib": {"en": "What each pillar adds to the score", "zh": "各支柱对得分的贡献"},
    "rank.ind_contrib": {"en": "Indicator contributions", "zh": "各指标的贡献"},
    "rank.custom_weight": {"en": "Weight of your own data", "zh": "自有数据的权重"},
    "rank.direction": {"en": "Direction", "zh": "方向"},
    "rank.flipped": {
        "en": "Direction reversed from the catalog for: {items}.",
        "zh": "以下指标的方向与目录默认相反：{items}。",
    },
    "rank.custom_limits": {
        "en": "Your data covers {n} countries; only they can be ranked while 'Your data' has weight — "
        "set it to 0 to rank every market.",
        "zh": "你的数据覆盖 {n} 个国家/地区；只要“自有数据”的权重大于 0，就只能对它们排名——将其设为 0 即可对所有市场"
        "排名。",
    },
    # ---------------------------------------------------------------- tiers & plan
    "tiers.title": {"en": "Tiers and entry plan", "zh": "市场分层与进入计划"},
    "tiers.intro": {
        "en": "Markets are grouped by maturity (size, purchasing power, infrastructure) and momentum (growth). Tiers "
        "do not depend on your weights.",
        "zh": "按成熟度（规模、购买力、基础设施）和增长势头对市场分组。分层结果与你的权重无关。",
    },
    "tiers.scatter": {"en": "Maturity vs momentum", "zh": "成熟度与增长势头"},
    "tiers.silhouette": {
        "en": "Silhouette by k (higher = clearer groups)",
        "zh": "不同 k 的轮廓系数（越高分组越清晰）",
    },
    "tiers.sil_axis": {"en": "Silhouette", "zh": "轮廓系数"},
    "tiers.k": {"en": "Number of groups (k)", "zh": "分组数（k）"},
    "tiers.disagree": {
        "en": "Where the data disagrees with the regional rule of thumb ({n})",
        "zh": "数据与“按地区划分”经验不一致的市场（{n} 个）",
    },
    "tiers.plan": {"en": "Entry plan", "zh": "进入计划"},
    "tiers.plan_intro": {
        "en": "Start with ONE core market and build a complete operation there; then expand in waves of 2–3.",
        "zh": "先集中资源做好一个核心市场，建立完整运营；再分批扩展，每批 2–3 个市场。",
    },
    "tiers.constraints": {"en": "Plan constraints", "zh": "计划约束"},
    "tiers.exclude": {"en": "Never enter", "zh": "排除的市场"},
    "tiers.must": {"en": "Must include", "zh": "必须包含"},
    "tiers.none_picked": {"en": "None", "zh": "无"},
    "cmp.pick_placeholder": {"en": "Pick countries", "zh": "选择国家/地区"},
    "tiers.start_tier": {"en": "Start in tier", "zh": "首选层级"},
    "tiers.start_any": {"en": "(best ranked, any tier)", "zh": "（不限层级，取排名最高）"},
    "tiers.max_region": {"en": "Max per region in one wave (0 = no limit)", "zh": "每批同一地区最多市场数（0 = 不限）"},
    "tiers.expand_near": {
        "en": "Expand near earlier markets",
        "zh": "就近扩展",
    },
    "tiers.expand_near_help": {
        "en": "Waves 2+ first take markets in the same region as an earlier wave, then the same income group, "
        "so you reuse carriers, language and compliance work.",
        "zh": "第 2 批起优先选择与前几批同地区、其次同收入组别的市场，以复用物流、语言与合规经验。",
    },
    "tiers.waves": {"en": "Number of waves", "zh": "批次数"},
    "tiers.wave_size": {"en": "Markets per later wave", "zh": "后续每批市场数"},
    "tiers.wave_size_help": {"en": "2-3 advised.", "zh": "建议 2-3 个。"},
    "tiers.wave_n": {"en": "Wave {n}", "zh": "第 {n} 批"},
    "tiers.wave1": {"en": "Wave 1 — core market", "zh": "第 1 批 — 核心市场"},
    "tiers.download_tiers": {"en": "Download tiers CSV", "zh": "下载分层 CSV"},
    "tiers.download_plan": {"en": "Download plan CSV", "zh": "下载计划 CSV"},
    "tiers.timeline": {"en": "Timeline", "zh": "时间线"},
    "tiers.empty_plan": {"en": "No market satisfies these constraints.", "zh": "没有市场满足这些约束。"},
    # ---------------------------------------------------------------- compare
    "cmp.title": {"en": "Compare countries", "zh": "国家对比"},
    "cmp.pick": {"en": "Pick 2–5 countries", "zh": "选择 2–5 个国家/地区"},
    "cmp.need2": {"en": "Pick at least two countries to compare.", "zh": "请至少选择两个国家/地区进行对比。"},
    "cmp.max5": {"en": "At most five countries: the first five are shown.", "zh": "最多对比五个，只显示前五个。"},
    "cmp.pillars": {"en": "Pillar scores side by side", "zh": "各支柱得分对比"},
    "cmp.values": {"en": "Indicator values, with year and source", "zh": "指标数值（含年份和来源）"},
    "cmp.why": {"en": "Why it ranks here", "zh": "为何排在这里"},
    "cmp.not_ranked": {
        "en": "{country} is not ranked (excluded: {reason}).",
        "zh": "{country} 未参与排名（已排除：{reason}）。",
    },
    "cmp.rank_line": {"en": "Rank {rank} · score {score:.3f}", "zh": "第 {rank} 名 · 得分 {score:.3f}"},
    # ---------------------------------------------------------------- robustness
    "rob.title": {"en": "How robust is the ranking?", "zh": "排名有多稳健？"},
    "rob.intro": {
        "en": "Weights are opinions. We redraw them many times around yours and count how often each market stays "
        "near the top.",
        "zh": "权重只是主观判断。我们围绕你的权重反复随机抽样，统计每个市场保持领先的频率。",
    },
    "rob.concentration": {"en": "How sure are you about your weights?", "zh": "你对自己的权重有多确定？"},
    "rob.conc_help": {
        "en": "Left: any weights at all (uniform). Right: draws stay close to your weights.",
        "zh": "最左：任意权重（均匀抽样）；越往右：抽样越贴近你设定的权重。",
    },
    "rob.conc_uniform": {"en": "not at all (uniform)", "zh": "完全不确定（均匀）"},
    "rob.conc.5": {"en": "a little (5)", "zh": "略有把握（5）"},
    "rob.conc.20": {"en": "fairly (20)", "zh": "比较确定（20）"},
    "rob.conc.50": {"en": "quite (50)", "zh": "相当确定（50）"},
    "rob.conc.200": {"en": "very sure (200)", "zh": "非常确定（200）"},
    "rob.draws": {"en": "Number of draws", "zh": "抽样次数"},
    "rob.top_k": {"en": "Top k", "zh": "前 k 名"},
    "rob.running": {"en": "Drawing weights and re-ranking…", "zh": "正在抽样权重并重新排名…"},
    "rob.chart": {
        "en": "Share of draws in the top {k} (bars) and rank range p05–p95 (right)",
        "zh": "进入前 {k} 名的比例（左）与排名区间 p05–p95（右）",
    },
    "rob.verdict_line": {"en": "**Verdict:** {verdict}", "zh": "**结论：** {verdict}"},
    "rob.download": {"en": "Download robustness CSV", "zh": "下载稳健性 CSV"},
    "rob.show": {"en": "Markets shown", "zh": "显示市场数"},
    # ---------------------------------------------------------------- map
    "map.title": {"en": "World map", "zh": "世界地图"},
    "map.what": {"en": "Show", "zh": "显示"},
    "map.score": {"en": "Overall score", "zh": "综合得分"},
    "map.pillar": {"en": "Pillar score: {pillar}", "zh": "支柱得分：{pillar}"},
    "map.indicator": {"en": "Indicator: {name}", "zh": "指标：{name}"},
    "map.no_data": {"en": "Grey: no value.", "zh": "灰色：无数据。"},
    "map.years_help": {
        "en": "A score has no single year: the tooltip and CSV give the range of data years behind it, "
        "projections (e.g. IMF WEO growth to 2030) left out.",
        "zh": "综合得分没有单一年份：提示框和 CSV 给出其所依据数据的年份范围，不含预测值（如 IMF WEO 至 2030 年的增长"
        "预测）。",
    },
    "map.download": {"en": "Download mapped values CSV", "zh": "下载地图数据 CSV"},
    "map.geometry": {
        "en": "Country shapes: world-atlas 2.0.2 (Natural Earth, 1:110m), bundled — no network needed.",
        "zh": "国家边界：world-atlas 2.0.2（Natural Earth，1:110m），已随程序打包，无需联网。",
    },
    # ================================================================ backtest page (issue 9) — begin
    "nav.backtest": {"en": "Backtest", "zh": "回测"},
    "home.next.backtest": {
        "en": "Had you used these settings in 2017 or 2021, did the markets they favoured do better afterwards?",
        "zh": "如果你在 2017 或 2021 年就用这套设置，当时排在前面的市场后来表现是否更好？",
    },
    "bt.title": {"en": "Backtest: did the picks do better?", "zh": "回测：当年的选择后来表现更好吗？"},
    "bt.intro": {
        "en": "Your current scenario, applied to the data as it stood at the end of a past year, compared with what "
        "happened afterwards. Spearman's ρ measures whether markets that scored higher then did better later "
        "(+1: exactly in order, 0: no relation); the 95 % interval shows how sure that is.",
        "zh": "把你当前的情景应用到过去某年年底可获得的数据上，再与之后实际发生的情况比较。"
        "斯皮尔曼 ρ 衡量当年得分较高的市场后来是否表现更好（+1：完全同序，0：无关）；95% 区间表示结论有多可靠。",
    },
    "bt.year": {"en": "Scored as of", "zh": "评分年份"},
    "bt.outcome_pick": {"en": "What happened afterwards", "zh": "之后的实际结果"},
    "bt.subject_pick": {"en": "Judge", "zh": "检验对象"},
    "bt.subject.score": {"en": "Overall score", "zh": "总分"},
    "bt.outcome.online_buying": {
        "en": "Rise in online buying (Findex, {start}→{end})",
        "zh": "网购比例的上升（Findex，{start}→{end}）",
    },
    "bt.outcome.internet_use": {
        "en": "Rise in internet use ({start}→{end})",
        "zh": "互联网使用率的上升（{start}→{end}）",
    },
    "bt.outcome.gdp_growth": {
        "en": "Real GDP growth (mean of {start}-{end})",
        "zh": "实际 GDP 增长率（{start}–{end} 年均值）",
    },
    "bt.short.online_buying": {
        "en": "the rise in online buying (Findex, {start}→{end})",
        "zh": "网购比例的上升（Findex，{start}→{end}）",
    },
    "bt.short.internet_use": {
        "en": "the rise in internet use ({start}→{end})",
        "zh": "互联网使用率的上升（{start}→{end}）",
    },
    "bt.short.gdp_growth": {
        "en": "real GDP growth (mean of {start}-{end})",
        "zh": "实际 GDP 增长率（{start}–{end} 年均值）",
    },
    "bt.unit.online_buying": {"en": "percentage points", "zh": "个百分点"},
    "bt.unit.internet_use": {"en": "percentage points", "zh": "个百分点"},
    "bt.unit.gdp_growth": {"en": "annual %", "zh": "年均 %"},
    "bt.axis_x": {"en": "{subject} as of {year}", "zh": "{year} 年的{subject}"},
    "bt.axis_y": {"en": "{outcome}, {unit}", "zh": "{outcome}，{unit}"},
    "bt.scenario": {
        "en": "Scenario: {weights} · {method} · minimum coverage {cov:.0%}",
        "zh": "情景：{weights} · {method} · 最低数据覆盖率 {cov:.0%}",
    },
    "bt.origin": {
        "en": "Seen from {origin}: it is left out of the ranking, and the fit pillar uses its distances, languages "
        "and agreements in force by {year}.",
        "zh": "从{origin}发货：它本身不参与排名，契合度支柱使用截至 {year} 年的距离、语言和已生效的贸易协定。",
    },
    "bt.left_out": {
        "en": "The {year} snapshot has no edition of: {items}. They are left out; the other indicators keep "
        "your weights.",
        "zh": "{year} 年的快照中没有这些指标的当年版本：{items}。它们不参与本次回测，其他指标沿用你的权重。",
    },
    "bt.left_out_item": {"en": "{name} ({year})", "zh": "{name}（{year}）"},
    "bt.absent_pillars": {
        "en": "{pillars}: weighted in your scenario but with no data as of {year}, so left out of this backtest.",
        "zh": "{pillars}：在你的情景中有权重，但 {year} 年没有相应数据，因此不参与本次回测。",
    },
    "bt.no_years": {
        "en": "This data folder holds no past-year snapshot, so there is nothing to backtest.",
        "zh": "当前数据文件夹中没有过去年份的快照，无法回测。",
    },
    "bt.no_weight": {
        "en": "None of the pillars your scenario weighs has data as of {year}. Give weight to another pillar on "
        "the Ranking page.",
        "zh": "你的情景中有权重的支柱在 {year} 年都没有数据。请在“市场排名”页面给其他支柱设置权重。",
    },
    "bt.running": {"en": "Scoring {year} and resampling markets…", "zh": "正在按 {year} 年评分并对市场重抽样…"},
    "bt.verdict": {"en": "**Verdict:** {verdict}", "zh": "**结论：** {verdict}"},
    "bt.growth_line": {
        "en": "**Momentum, the pillar a backtest should validate:** {verdict}",
        "zh": "**增长势头——回测最该验证的支柱：** {verdict}",
    },
    "bt.growth_unweighted": {
        "en": "The growth (momentum) pillar has no weight in your scenario, so it is not tested here.",
        "zh": "你的情景中增长势头支柱的权重为 0，因此这里不检验它。",
    },
    "bt.caveats": {"en": "Read with care", "zh": "解读时请注意"},
    "bt.m.rho": {"en": "Spearman's ρ", "zh": "斯皮尔曼 ρ"},
    "bt.m.interval": {"en": "95 % interval", "zh": "95% 区间"},
    "bt.m.interval_value": {"en": "{low} to {high}", "zh": "{low} 至 {high}"},
    "bt.m.n": {"en": "Markets compared", "zh": "参与比较的市场"},
    "bt.m.fifths": {"en": "Top vs bottom fifth", "zh": "前五分之一 vs 后五分之一"},
    "bt.fifths": {
        "en": "Mean outcome of the top-scored fifth: {top} vs the bottom fifth: {bottom} {unit} ({k} markets each).",
        "zh": "得分最高的五分之一市场平均结果：{top}，最低的五分之一：{bottom}（{unit}；各 {k} 个市场）。",
    },
    "bt.scatter": {"en": "{subject} as of {year} against {outcome}", "zh": "{year} 年的{subject}与{outcome}"},
    "bt.scatter_note": {
        "en": "Named: your top {top} markets as of {year}; {shown} of them have a measured outcome.",
        "zh": "标出名称的是你在 {year} 年排名前 {top} 的市场，其中 {shown} 个有实测结果。",
    },
    "bt.legend_top": {"en": "Your top {top} as of {year}", "zh": "{year} 年前 {top} 名"},
    "bt.legend_rest": {"en": "Other markets", "zh": "其他市场"},
    "bt.intervals": {"en": "ρ and its 95 % interval, score and each pillar", "zh": "总分与各支柱的 ρ 及其 95% 区间"},
    "bt.summary": {"en": "Correlation with {outcome}", "zh": "与{outcome}的相关性"},
    "bt.markets": {"en": "Every market as of {year}", "zh": "{year} 年的全部市场"},
    "bt.download_summary": {"en": "Download the ρ table (CSV)", "zh": "下载 ρ 表（CSV）"},
    "bt.download_markets": {"en": "Download the markets (CSV)", "zh": "下载市场明细（CSV）"},
    "bt.col.subject": {"en": "Score or pillar", "zh": "总分或支柱"},
    "bt.col.rho": {"en": "Spearman's ρ", "zh": "斯皮尔曼 ρ"},
    "bt.col.low": {"en": "95 % interval from", "zh": "95% 区间下限"},
    "bt.col.high": {"en": "95 % interval to", "zh": "95% 区间上限"},
    "bt.col.n": {"en": "Markets (n)", "zh": "市场数（n）"},
    "bt.col.top_fifth": {"en": "Top fifth: mean outcome", "zh": "前五分之一：平均结果"},
    "bt.col.bottom_fifth": {"en": "Bottom fifth: mean outcome", "zh": "后五分之一：平均结果"},
    "bt.col.fifth": {"en": "Markets per fifth", "zh": "每组市场数"},
    "bt.col.verdict": {"en": "Verdict", "zh": "结论"},
    "bt.col.outcome_start": {"en": "Outcome from (year)", "zh": "结果起始年份"},
    "bt.col.outcome_end": {"en": "Outcome to (year)", "zh": "结果截止年份"},
    "bt.kind.supports": {"en": "evidence for", "zh": "有支持证据"},
    "bt.kind.contradicts": {"en": "evidence against", "zh": "有反对证据"},
    "bt.kind.no_evidence": {"en": "no evidence either way", "zh": "无法判断"},
    "bt.kind.too_few": {"en": "too few markets", "zh": "市场太少"},
    "bt.strength.negligible": {"en": "negligible", "zh": "极弱"},
    "bt.strength.weak": {"en": "weak", "zh": "弱"},
    "bt.strength.moderate": {"en": "moderate", "zh": "中等"},
    "bt.strength.strong": {"en": "strong", "zh": "强"},
    # the verdict; the English equals xbmarkets.backtest.Verdict.message (tests/test_backtest_view.py)
    "bt.v.score": {"en": "the overall score", "zh": "总分"},
    "bt.v.pillar": {"en": "the {pillar} pillar score", "zh": "{pillar}支柱得分"},
    "bt.v.figures": {
        "en": "ρ = {rho} (95 % interval {low} to {high}, {n} markets)",
        "zh": "ρ = {rho}（95% 区间 {low} 至 {high}，{n} 个市场）",
    },
    "bt.v.too_few": {
        "en": "Too few markets ({n}) have both {subject} and {outcome} to judge.",
        "zh": "同时有{subject}和{outcome}数据的市场太少（{n} 个），无法判断。",
    },
    "bt.v.no_evidence": {
        "en": "No evidence either way for {subject}: {figures}; the interval includes 0, so these markets cannot tell "
        "a real relation with {outcome} from chance.",
        "zh": "对{subject}既无支持也无反对的证据：{figures}；区间包含 0，"
        "这些市场无法区分它与{outcome}之间的真实关系和偶然。",
    },
    "bt.v.supports": {
        "en": "Evidence that {outcome} was larger where {subject} as of {as_of} was higher: {figures}, a {strength} "
        "relation.",
        "zh": "有证据表明：{as_of} 年{subject}越高的市场，{outcome}越大：{figures}，属{strength}相关。",
    },
    "bt.v.contradicts": {
        "en": "Evidence against the model: {outcome} was smaller where {subject} as of {as_of} was higher: {figures}, "
        "a {strength} relation.",
        "zh": "有不利于模型的证据：{as_of} 年{subject}越高的市场，{outcome}反而越小：{figures}，属{strength}相关。",
    },
    # caveats; the English equals xbmarkets.backtest.caveat_text
    "bt.caveat.small_sample": {
        "en": "{n} markets is a small sample: a relation of this size can appear or vanish by chance, which is what "
        "the width of the interval shows.",
        "zh": "{n} 个市场只是小样本：这样大小的关系可能因偶然而出现或消失，区间的宽度正说明了这一点。",
    },
    "bt.caveat.findex_2024_lmic": {
        "en": "Findex 2024 asked about online buying in low- and middle-income economies only, so high-income markets "
        "are hardly tested.",
        "zh": "Findex 2024 只在中低收入经济体询问网购情况，因此高收入市场几乎没有被检验。",
    },
    "bt.caveat.survey_noise": {
        "en": "Findex figures are survey estimates (about 1,000 adults per economy), so a change of a few points is "
        "partly sampling noise.",
        "zh": "Findex 数据是抽样调查估计（每个经济体约 1,000 名成年人），几个百分点的变化部分来自抽样误差。",
    },
    "bt.caveat.pandemic": {
        "en": "The period spans the pandemic, which pushed online buying and internet use up unevenly; a relation "
        "found there may not repeat.",
        "zh": "这一时期跨越新冠疫情，疫情不均衡地推高了网购和互联网使用；在此期间发现的关系未必会重现。",
    },
    "bt.caveat.one_year": {
        "en": "One year of change is short: much of it is noise.",
        "zh": "一年的变化太短：其中大部分是噪声。",
    },
    "bt.caveat.revised_data": {
        "en": "WDI and WGI figures are today's revised series, not the ones a seller saw in {as_of}; and figures "
        "dated {as_of} were mostly published in {next_year}.",
        "zh": "WDI 和 WGI 数据是今天修订后的序列，并非卖家在 {as_of} 年看到的数字；而且标为 {as_of} 年的数据大多在 "
        "{next_year} 年才发布。",
    },
    "bt.caveat.one_period": {
        "en": "One period and one outcome: treat this as evidence, not as a law.",
        "zh": "只有一个时期、一个结果指标：请把它当作证据，而不是定律。",
    },
    # ================================================================ backtest page (issue 9) — end
    # ---------------------------------------------------------------- data
    "data.title": {"en": "Data, sources and your own CSV", "zh": "数据、来源与自有数据"},
    "data.sources": {"en": "Sources", "zh": "数据来源"},
    "data.catalog": {"en": "Indicators", "zh": "指标"},
    "data.coverage": {
        "en": "Coverage: share of each pillar's indicators with data",
        "zh": "覆盖率：各支柱中有数据的指标占比",
    },
    "data.coverage_tab": {"en": "Coverage", "zh": "覆盖率"},
    "data.upload": {"en": "Add your own data", "zh": "添加自有数据"},
    "data.upload_intro": {
        "en": "Upload a CSV with a country column and one or more numeric columns (e.g. your sales or ad costs). It b"
        "ecomes the extra pillar “Your data”.",
        "zh": "上传一个 CSV：一列国家，以及一列或多列数值（例如你的销售额或广告成本），它将成为额外的“自有数据”支柱。",
    },
    "data.template": {"en": "Download a template", "zh": "下载模板"},
    "data.uploader": {"en": "Your CSV", "zh": "你的 CSV 文件"},
    "data.rejected": {"en": "The file was not used: {msg}", "zh": "文件未被采用：{msg}"},
    "data.kept": {"en": "Your previous upload ({name}) is still in use.", "zh": "仍在使用你之前上传的文件（{name}）。"},
    "data.loaded": {
        "en": "{name}: {cols} column(s) for {rows} economies joined as “Your data”.",
        "zh": "{name}：{cols} 列、{rows} 个经济体已作为“自有数据”加入模型。",
    },
    "data.warning": {"en": "Note: {msg}", "zh": "提示：{msg}"},
    "data.direction": {"en": "Direction of {col}", "zh": "{col} 的方向"},
    "data.remove": {"en": "Remove my data", "zh": "移除自有数据"},
    "data.weight_hint": {"en": "Set its weight on the Ranking page.", "zh": "可在“市场排名”页面设置其权重。"},
    "data.stale": {
        "en": "Your upload {name} no longer fits the data and is not used right now: {msg}. "
        "It is kept: download it from the Data page, fix it and upload it again, or remove it.",
        "zh": "你上传的 {name} 已无法与当前数据匹配，暂未使用：{msg}。文件仍被保留：可在“数据”页面下载、修正后重新上"
        "传，或将其移除。",
    },
    "data.download_kept": {"en": "Download the file you uploaded", "zh": "下载你上传的文件"},
    # ---------------------------------------------------------------- engine reasons, worded here
    # The engine returns each reason as structured columns (and an English sentence for the
    # CLI); xbmarkets.ui.reasons builds the sentence from these pieces in either language.
    # The English entries reproduce the engine's sentences word for word (tests/test_reasons.py).
    "punct.list": {"en": ", ", "zh": "、"},
    "punct.parts": {"en": ", ", "zh": "，"},
    "punct.clauses": {"en": "; ", "zh": "；"},
    "punct.and": {"en": "{head} and {last}", "zh": "{head}和{last}"},
    "level.high": {"en": "high", "zh": "高"},
    "level.mid": {"en": "mid", "zh": "中等"},
    "level.low": {"en": "low", "zh": "低"},
    "composite.maturity": {"en": "maturity", "zh": "成熟度"},
    "composite.momentum": {"en": "momentum", "zh": "增长势头"},
    "tierword.mature": {"en": "mature", "zh": "成熟市场"},
    "tierword.growth": {"en": "growth", "zh": "增长市场"},
    "tierword.emerging": {"en": "emerging", "zh": "新兴市场"},
    "tierword.unclassified": {"en": "unclassified", "zh": "未分类"},
    "pillarword.size": {"en": "size", "zh": "市场规模"},
    "pillarword.growth": {"en": "growth", "zh": "增长势头"},
    "pillarword.fit": {"en": "fit", "zh": "契合度"},
    "pillarword.competition": {"en": "competition", "zh": "竞争"},
    "pillarword.logistics": {"en": "logistics", "zh": "物流"},
    "pillarword.payments": {"en": "payments", "zh": "支付"},
    "pillarword.regulation": {"en": "regulation", "zh": "监管"},
    "pillarword.custom": {"en": "custom", "zh": "自有数据"},
    "tiers.reason": {
        "en": "{mat_level} maturity ({mat_names}), {mom_level} momentum ({mom_names}) → {tier}",
        "zh": "成熟度{mat_level}（{mat_names}），增长势头{mom_level}（{mom_names}）→ {tier}",
    },
    "tiers.borderline": {"en": "; borderline, close to {tier}", "zh": "；处于边界，接近{tier}"},
    "tiers.unclassified": {"en": "unclassified: {parts}", "zh": "未分类：{parts}"},
    "tiers.lacking": {
        "en": "{composite} needs at least {need} of {n} indicators ({names}); has {has}",
        "zh": "{composite}至少需要 {n} 项指标中的 {need} 项（{names}），现有 {has} 项",
    },
    "tiers.rule.composite": {
        "en": "{composite} = mean z-score of {names} (at least {need} of {n} needed, axis weight {w})",
        "zh": "{composite} = {names} 的 z 分数均值（{n} 项中至少需要 {need} 项，轴权重 {w}）",
    },
    "tiers.rule": {
        "en": "{composites}. k-means with k={k} (n_init={n_init}, seed {seed}) on the standardised composites. "
        "Naming: highest maturity centroid → mature, lowest → emerging; of the clusters in between, "
        "highest momentum → growth; any further cluster takes the name of the nearest of those three. "
        "{out} Region rule of thumb: {region}.",
        "zh": "{composites}。对标准化后的综合指标做 k-means 聚类（k={k}，n_init={n_init}，随机种子 {seed}）。"
        "命名规则：成熟度质心最高的一组为成熟市场，最低的一组为新兴市场；介于两者之间的组中，增长势头最高的为增长市场；"
        "其余各组取与其最近的上述三类之名。{out}按地区的经验划分：{region}。",
    },
    "tiers.rule.out_one": {
        "en": "{n} economy lacks the data and is unclassified.",
        "zh": "{n} 个经济体数据不足，未分类。",
    },
    "tiers.rule.out_many": {
        "en": "{n} economies lack the data and are unclassified.",
        "zh": "{n} 个经济体数据不足，未分类。",
    },
    "tiers.rule.region": {
        "en": "mature: M49 Northern America, Western Europe, Northern Europe, Australia and New Zealand, and "
        "high-income Southern Europe and Eastern Asia; growth: South-eastern Asia, Eastern Europe and "
        "non-high-income Southern Europe; emerging: Latin America and the Caribbean, Africa, and the "
        "WB region 'Middle East, North Africa, Afghanistan & Pakistan'; others n/a",
        "zh": "成熟市场：M49 北美、西欧、北欧、澳大利亚和新西兰，以及南欧和东亚的高收入经济体；"
        "增长市场：东南亚、东欧，以及南欧的非高收入经济体；新兴市场：拉丁美洲和加勒比、非洲，"
        "以及世界银行“中东、北非、阿富汗与巴基斯坦”地区；其他地区不适用",
    },
    "plan.rationale": {"en": "{head}{extra}: {parts}", "zh": "{head}{extra}：{parts}"},
    "plan.head.core": {"en": "Core market", "zh": "核心市场"},
    "plan.head.wave": {"en": "Wave {n}", "zh": "第 {n} 批"},
    "plan.extra": {"en": " ({items})", "zh": "（{items}）"},
    "plan.extra.must": {"en": "must include", "zh": "指定必选"},
    "plan.extra.start_tier": {"en": "best-ranked {tier}-tier economy", "zh": "{tier}中排名最高的经济体"},
    "plan.rank": {"en": "rank {rank} of {n}", "zh": "{n} 个市场中排名第 {rank}"},
    "plan.tier": {"en": "{tier} tier", "zh": "属于{tier}"},
    "plan.strongest": {"en": "strongest in {pillar} (top {pct} %)", "zh": "{pillar}最突出（前 {pct}%）"},
    "plan.no_top_half": {"en": "no pillar in the top half of the field", "zh": "没有支柱进入前一半"},
    "plan.near.region": {"en": "same region as {who} ({group})", "zh": "与{who}同属一个地区（{group}）"},
    "plan.near.income": {"en": "same income group as {who} ({group})", "zh": "与{who}同属一个收入组别（{group}）"},
    "plan.the_core": {"en": "the core", "zh": "核心市场"},
    "excl.no_data": {"en": "no data for {pillars}", "zh": "{pillars}没有任何数据"},
    "excl.below": {
        "en": "data for {cov:.0f} % of the indicator weight, below the {thr:.0f} % threshold",
        "zh": "数据只覆盖 {cov:.0f}% 的指标权重，低于 {thr:.0f}% 的门槛",
    },
    "ex.head": {
        "en": "{country} ranks {rank} of {n} (score {score:.2f}, {method})",
        "zh": "{country} 在 {n} 个市场中排名第 {rank}（得分 {score:.2f}，{method}）",
    },
    "ex.carried": {"en": ": carried by {items}", "zh": "：优势在于{items}"},
    "ex.no_strong": {"en": ": no pillar is above the field median", "zh": "：没有高于中位数的支柱"},
    "ex.held": {"en": "; held back by {items}", "zh": "；短板在于{items}"},
    "ex.no_weak": {"en": "; no pillar is below the field median", "zh": "；没有低于中位数的支柱"},
    "ex.label": {"en": "**{label}:** {items}", "zh": "**{label}：** {items}"},
    "ex.end": {"en": ".", "zh": "。"},
    "ex.inds_strong": {"en": "Best indicators: {items}", "zh": "表现最好的指标：{items}"},
    "ex.inds_weak": {"en": "Weakest indicators: {items}", "zh": "表现最弱的指标：{items}"},
    "ex.top": {"en": "{pillar} ({indicator} {value}, top {pct} %)", "zh": "{pillar}（{indicator} {value}，前 {pct}%）"},
    "ex.bottom": {
        "en": "{pillar} ({indicator} {value}, bottom {pct} %)",
        "zh": "{pillar}（{indicator} {value}，后 {pct}%）",
    },
    "ex.coverage": {
        "en": "Data cover {cov:.0f} % of the indicator weight (missing: {missing}); weights were re-spread over the "
        "indicators present.",
        "zh": "数据覆盖了 {cov:.0f}% 的指标权重（缺少：{missing}），权重已在现有指标间重新分配。",
    },
    "num.1e12": {"en": " × 10¹²", "zh": " 万亿"},
    "num.1e8": {"en": " × 10⁸", "zh": " 亿"},
    "num.1e4": {"en": " × 10⁴", "zh": " 万"},
    "ex.more": {"en": "{items} and {n} more", "zh": "{items}等另外 {n} 项"},
    "ex.no_data": {"en": "No data for: {items}", "zh": "无数据：{items}"},
    "ex.no_data_cell": {"en": "no data", "zh": "无数据"},
    "ex.topsis": {
        "en": "The score is TOPSIS's closeness coefficient (0 = the worst profile in the field, 1 = the ideal); weigh"
        "t × pillar score shows what drives it but does not add up to it.",
        "zh": "该得分是 TOPSIS 的贴近度（0 = 样本中最差的情形，1 = 理想解）；权重 × 支柱得分说明了驱动因素，但加总并"
        "不等于得分。",
    },
    "ex.vikor": {
        "en": "The score is 1 − Q of VIKOR's compromise ranking; weight × pillar score shows what drives it but does "
        "not add up to it.",
        "zh": "该得分是 VIKOR 折衷排序的 1 − Q；权重 × 支柱得分说明了驱动因素，但加总并不等于得分。",
    },
    "rob.v.stable": {
        "en": "{leader} is first in {p1:.0%} of weightings: stable.{solid}",
        "zh": "{leader} 在 {p1:.0%} 的权重抽样中排名第一：稳定。{solid}",
    },
    "rob.v.fragile": {
        "en": "{leader} is first in {p1:.0%} of weightings and {second} in {p2:.0%}: the top spot can flip between "
        "them when the weights change a little; compare both.{solid}",
        "zh": "{leader} 在 {p1:.0%} 的权重抽样中排名第一，{second} 为 {p2:.0%}：权重稍有变化，第一名就可能在两者之间"
        "易手，请把两者都仔细比较。{solid}",
    },
    "rob.v.unstable": {
        "en": "No market is first in most weightings ({contenders}): the winner depends on your weights; treat the "
        "top {k} as a shortlist rather than a ranking.{solid}",
        "zh": "没有市场在多数权重抽样中排名第一（{contenders}）：谁排第一取决于你的权重；请把前 {k} 名当作候选清单，"
        "而不是确定的排名。{solid}",
    },
    "rob.v.contender": {"en": "{name} {p:.0%}", "zh": "{name} 占 {p:.0%}"},
    "rob.v.solid_one": {
        "en": " {names} stays in the top {k} in at least {share:.0%} of weightings.",
        "zh": "{names} 在至少 {share:.0%} 的权重抽样中保持在前 {k} 名。",
    },
    "rob.v.solid_many": {
        "en": " {names} stay in the top {k} in at least {share:.0%} of weightings.",
        "zh": "{names} 在至少 {share:.0%} 的权重抽样中保持在前 {k} 名。",
    },
    # ---------------------------------------------------------------- seller origin and fit (issue 8)
    "origin.label": {"en": "Ship from", "zh": "发货地"},
    "origin.none": {"en": "Anywhere (generic view)", "zh": "不限（通用视图）"},
    "origin.help": {
        "en": "Where you ship from. Your home market leaves the ranking, and the Fit pillar adds distance, a "
        "shared language, a land border, a trade agreement and the time-zone gap from there.",
        "zh": "你从哪里发货。本国市场不参与排名；“契合度”支柱会加入与发货地的距离、共同语言、陆地接壤、贸易协定和时差"
        "。",
    },
    "origin.caption": {"en": "Shipping from {origin}.", "zh": "发货地：{origin}。"},
    "excl.home": {
        "en": "home market: the seller ships from here",
        "zh": "本国市场：卖家从这里发货",
    },
    "ex.fit": {"en": "Fit from {origin}: {fit}.", "zh": "从{origin}发货的契合度：{fit}。"},
    "fit.km": {"en": "{km:,.0f} km from {origin}", "zh": "距{origin} {km:,.0f} 公里"},
    "fit.shares": {"en": "shares {languages}", "zh": "通用{languages}"},
    "fit.and": {"en": "{a} and {b}", "zh": "{a}和{b}"},
    "fit.border": {"en": "a land border", "zh": "陆地接壤"},
    "fit.agreement": {"en": "{name} in force{since}", "zh": "{name}已生效{since}"},
    "fit.since": {"en": " since {year}", "zh": "（{year} 年起）"},
    "fit.tz": {"en": "{hours} h time difference", "zh": "时差 {hours} 小时"},
    "cmp.fit": {"en": "Fit from {origin}", "zh": "从{origin}发货的契合度"},
    "quality.official": {"en": "official statistic", "zh": "官方统计"},
    "quality.derived": {"en": "computed from official figures", "zh": "由官方数据计算"},
    "quality.projection": {"en": "official projection", "zh": "官方预测"},
    "quality.proxy": {"en": "proxy", "zh": "代理指标"},
    "quality.proxy_europe": {"en": "proxy, EU only", "zh": "代理指标，仅欧盟"},
    "quality.direct_europe": {"en": "direct measure, Europe only", "zh": "直接指标，仅欧洲"},
    "quality.stale": {"en": "official but old", "zh": "官方数据但较旧"},
    "quality.unofficial": {"en": "not an official source", "zh": "非官方来源"},
    "quality.reference": {"en": "reference data", "zh": "参考数据"},
    "col.quality": {"en": "Quality", "zh": "数据性质"},
    # ================================================================ issue 10: decisions (h-decide-ui)
    # Stability intervals, what would it take, plan robustness, two scenarios. One block, to ease merging.
    # ---------------------------------------------------------------- engine sentences, worded here
    # (English = the engine's sentences word for word: tests/test_reasons_decide.py)
    "stab.subject.first": {"en": "Your first market, {name}, stays first", "zh": "你的首选市场{name}保持第一"},
    "stab.subject.top": {"en": "Your top {k} ({names}) stays the same", "zh": "你的前 {k} 名（{names}）保持不变"},
    "stab.whatever": {
        "en": "{subject} whatever the {pillar} weight (now {now}).",
        "zh": "无论{pillar}的权重是多少（当前 {now}），{subject}。",
    },
    "stab.only": {
        "en": "{subject}; {pillar} is the only weighted pillar, so its share cannot move.",
        "zh": "{subject}；{pillar}是唯一有权重的支柱，其占比无法移动。",
    },
    "stab.between": {
        "en": "while {pillar} is between {low} and {high}",
        "zh": "只要{pillar}的权重在 {low} 到 {high} 之间",
    },
    "stab.at_most": {"en": "while {pillar} is at most {high}", "zh": "只要{pillar}的权重不超过 {high}"},
    "stab.at_least": {"en": "while {pillar} is at least {low}", "zh": "只要{pillar}的权重不低于 {low}"},
    "stab.low_end": {"en": "below {edge} {change}", "zh": "低于 {edge} 时，{change}"},
    "stab.high_end": {"en": "above {edge} {change}", "zh": "高于 {edge} 时，{change}"},
    "stab.takes_over": {"en": "{who} takes over", "zh": "{who}将取而代之"},
    "stab.replaces": {"en": "{who} replaces {out}", "zh": "{who}将取代{out}"},
    "stab.sentence": {"en": "{subject} {span} (now {now}); {ends}.", "zh": "{span}（当前 {now}），{subject}；{ends}。"},
    "wi.already": {
        "en": "{who} is already in your top {k} (rank {rank}).",
        "zh": "{who}已在你的前 {k} 名之内（第 {rank} 名）。",
    },
    "wi.impossible": {
        "en": "No weighting of the pillars puts {who} in your top {k}{why}.",
        "zh": "无论怎样分配支柱权重，{who}都无法进入你的前 {k} 名{why}。",
    },
    "wi.dominated": {
        "en": ": {blockers} score at least as high on every weighted pillar",
        "zh": "：{blockers}在每个有权重的支柱上得分都不低于它",
    },
    "wi.checked_exactly": {"en": " (checked exactly over every weighting)", "zh": "（已对所有权重组合做精确检验）"},
    "wi.not_found": {
        "en": "No weighting we tried puts {who} in your top {k}; the best rank any of them gives is {best}.{also}",
        "zh": "我们尝试过的权重组合都无法让{who}进入你的前 {k} 名，其中最好的排名是第 {best} 名。{also}",
    },
    "wi.also_dominated": {
        "en": " {blockers} score at least as high on every weighted pillar.",
        "zh": "{blockers}在每个有权重的支柱上得分都不低于它。",
    },
    "wi.move": {"en": "{pillar} {now} → {needed}", "zh": "{pillar}从 {now} 调到 {needed}"},
    "wi.after": {"en": "re-scored, {who} ranks {rank}", "zh": "重新计算后，{who}排名第 {rank}"},
    "wi.drops_out": {
        "en": "but re-scored with them {who} drops out of the ranked field (coverage)",
        "zh": "但按这组权重重新计算后，{who}因数据覆盖率不足而退出排名",
    },
    "wi.found": {
        "en": "The nearest weights that put {who} (now rank {rank}) in your top {k}: {moves} (total change {total}); "
        "{after}.",
        "zh": "让{who}（目前第 {rank} 名）进入你的前 {k} 名的最接近的权重：{moves}（总变动 {total}）；{after}。",
    },
    "wi.found_near": {
        "en": "The nearest weights we found that put {who} (now rank {rank}) in your top {k}: {moves} "
        "(total change {total}); {after}.",
        "zh": "我们找到的让{who}（目前第 {rank} 名）进入你的前 {k} 名的最接近的权重："
        "{moves}（总变动 {total}）；{after}。",
    },
    "wi.ind_none": {
        "en": "No single indicator, moved as far as the best market's value, puts {who} in your top {k}.",
        "zh": "即使把任何单项指标提升到最佳市场的水平，{who}也无法进入你的前 {k} 名。",
    },
    "wi.ind_rose": {
        "en": "With everything else fixed, {who} would reach rank {rank} if its {indicator} rose from {now} to "
        "{needed} (best in the field: {best}).",
        "zh": "其他条件不变时，如果{who}的{indicator}从 {now} 升至 {needed}（样本中最佳：{best}），"
        "它将升至第 {rank} 名。",
    },
    "wi.ind_fell": {
        "en": "With everything else fixed, {who} would reach rank {rank} if its {indicator} fell from {now} to "
        "{needed} (best in the field: {best}).",
        "zh": "其他条件不变时，如果{who}的{indicator}从 {now} 降至 {needed}（样本中最佳：{best}），"
        "它将升至第 {rank} 名。",
    },
    "pr.sentence": {
        "en": "Over {draws} {drawn}, {name} is the core market in {core:.0%} of them, and your whole plan comes out "
        "exactly the same in {base:.0%}.",
        "zh": "在 {draws} 组{drawn}中，{name}在 {core:.0%} 的情况下是核心市场，整个计划完全不变的比例为 {base:.0%}。",
    },
    "pr.drawn_near": {"en": "weightings near yours", "zh": "贴近你的权重的抽样"},
    "pr.drawn_uniform": {"en": "weightings drawn uniformly", "zh": "均匀抽取的权重"},
    "pr.most_frequent": {
        "en": " The most frequent plan ({share:.0%}) is {plan}.",
        "zh": "最常出现的计划（{share:.0%}）是：{plan}。",
    },
    # ---------------------------------------------------------------- Robustness: stability intervals
    "rob.stab.title": {"en": "How far can each weight move?", "zh": "每个权重能调整多少？"},
    "rob.stab.intro": {
        "en": "One pillar's share moves while the others keep their ratios. Each bar is the range over which the "
        "result holds; the dot is your weight now.",
        "zh": "移动一个支柱的权重占比，其他支柱保持相互比例不变。每根横条是结果保持不变的区间，圆点是你当前的权重。",
    },
    "rob.stab.keep": {"en": "What must hold", "zh": "需要保持不变的是"},
    "rob.stab.first": {"en": "Your first market", "zh": "你的首选市场"},
    "rob.stab.top": {"en": "Your top {k} (Top k above)", "zh": "你的前 {k} 名（上方的前 k 名）"},
    "rob.stab.exact": {
        "en": "Exact: with the weighted sum the scores move in a straight line with the weight, so each end is solved.",
        "zh": "精确结果：加权求和下得分随权重线性变化，因此区间端点是直接解出的。",
    },
    "rob.stab.tolerance": {
        "en": "TOPSIS: each end is found by a bracketed search, to within {tol} of a share.",
        "zh": "TOPSIS：区间端点由分段搜索求得，误差不超过占比的 {tol}。",
    },
    "rob.stab.download": {"en": "Download intervals CSV", "zh": "下载区间 CSV"},
    "rob.stab.axis": {"en": "Weight share of the pillar", "zh": "该支柱的权重占比"},
    "col.weight_now": {"en": "Weight now", "zh": "当前权重"},
    "col.low": {"en": "Holds from", "zh": "区间下限"},
    "col.high": {"en": "Holds up to", "zh": "区间上限"},
    "col.low_in": {"en": "Below: enters", "zh": "低于下限：进入者"},
    "col.low_out": {"en": "Below: leaves", "zh": "低于下限：退出者"},
    "col.high_in": {"en": "Above: enters", "zh": "高于上限：进入者"},
    "col.high_out": {"en": "Above: leaves", "zh": "高于上限：退出者"},
    "col.sentence": {"en": "In words", "zh": "文字说明"},
    "col.k": {"en": "Top k", "zh": "前 k 名"},
    # ---------------------------------------------------------------- what would it take (Ranking, Compare)
    "wi.title": {"en": "What would it take?", "zh": "怎样才能进入前列？"},
    "wi.k": {"en": "Reach the top", "zh": "目标：进入前几名"},
    "wi.pick": {"en": "Market", "zh": "市场"},
    "wi.find": {"en": "Find the nearest weights", "zh": "查找最接近的权重"},
    "wi.find_help": {
        "en": "The smallest change of the pillar weights that puts this market in your top k, and the change in "
        "one indicator of its own data that would do it.",
        "zh": "使该市场进入前 k 名所需的最小支柱权重调整，以及它自身某一项指标需要改变多少。",
    },
    "wi.running": {"en": "Searching the nearest weights…", "zh": "正在查找最接近的权重…"},
    "wi.weights": {"en": "Pillar weights: now and needed", "zh": "支柱权重：当前与所需"},
    "wi.indicators": {"en": "Or one indicator of its own data", "zh": "或者：它自身的单项指标"},
    "wi.apply": {"en": "Apply these weights", "zh": "应用这组权重"},
    "wi.apply_help": {
        "en": "Sets the pillar sliders to these whole points ({points}); the preset and profile are cleared. "
        "Checked by re-ranking: {who} ranks {rank}.",
        "zh": "把支柱滑块设为这些整数分值（{points}），并清除预设方案与产品类型。已重新排名验证：{who}排名第 {rank}。",
    },
    "wi.rounding": {
        "en": "The sliders take whole points (0–{max}), and no whole-point weighting near this answer keeps {who} in "
        "your top {k}: rounding drops it back out, so there is nothing to apply.",
        "zh": "滑块只能取整数分值（0–{max}），而在这个答案附近没有任何整数权重能让{who}保持在前 {k} 名：取整会使它"
        "重新掉出，因此无法应用。",
    },
    "wi.applied": {
        "en": "Weights applied: {who} now ranks {rank}.",
        "zh": "已应用新权重：{who}现在排名第 {rank}。",
    },
    "wi.not_ranked": {
        "en": "{who} is not ranked in this scenario, so no weighting can rank it.",
        "zh": "{who}在当前情景中未参与排名，因此任何权重都无法让它进入排名。",
    },
    "col.weight_needed": {"en": "Weight needed", "zh": "所需权重"},
    "col.change": {"en": "Change", "zh": "变动"},
    "col.points": {"en": "Slider points", "zh": "滑块分值"},
    "col.value_now": {"en": "Value now", "zh": "当前值"},
    "col.value_needed": {"en": "Value needed", "zh": "所需值"},
    "col.best_in_field": {"en": "Best in the field", "zh": "样本中最佳"},
    "col.rank_after": {"en": "Rank after", "zh": "调整后排名"},
    # ---------------------------------------------------------------- Tiers & plan: plan robustness
    "tiers.pr.title": {"en": "How sure is this plan?", "zh": "这个计划有多可靠？"},
    "tiers.pr.intro": {
        "en": "The plan re-made, with these constraints, under {draws} weightings drawn as on the Robustness page "
        "(how sure you are of your weights: {conc}). Change both there.",
        "zh": "在与“稳健性”页面相同的 {draws} 组权重抽样下（对权重的把握：{conc}），按当前约束重新制定计划。"
        "可在该页面修改这两项设置。",
    },
    "tiers.pr.running": {"en": "Re-making the plan under each weighting…", "zh": "正在按每组权重重新制定计划…"},
    "tiers.pr.core": {"en": "Core: {name}", "zh": "核心市场：{name}"},
    "tiers.pr.same": {"en": "Same whole plan", "zh": "整个计划不变"},
    "tiers.pr.yours": {"en": "your plan", "zh": "你的计划"},
    "tiers.pr.help.p_core": {
        "en": "Share of the drawn weightings in which this market is the core market.",
        "zh": "在抽取的权重组合中，该市场成为核心市场的比例。",
    },
    "tiers.pr.help.p_wave_1_2": {
        "en": "Share of the drawn weightings in which this market is in wave 1 or 2.",
        "zh": "在抽取的权重组合中，该市场进入第 1 或第 2 批的比例。",
    },
    "tiers.pr.help.p_in_plan": {
        "en": "Share of the drawn weightings in which this market is anywhere in the plan.",
        "zh": "在抽取的权重组合中，该市场出现在计划任一批次中的比例。",
    },
    "tiers.pr.help.same": {
        "en": "Share of the drawn weightings that give exactly your plan: the same markets in the same waves.",
        "zh": "在抽取的权重组合中，得到与你的计划完全相同（同样的市场、同样的批次）的比例。",
    },
    "tiers.pr.help.plan_wave": {
        "en": "The wave this market has in your plan now (0 = not in it).",
        "zh": "该市场在你当前计划中的批次（0 = 不在计划中）。",
    },
    "tiers.pr.plans": {"en": "Most frequent plans", "zh": "最常出现的计划"},
    "tiers.pr.failed": {
        "en": "{n} draws left a must-include market without a slot (no plan for them).",
        "zh": "有 {n} 组抽样中，某个必选市场没有位置（这些抽样没有计划）。",
    },
    "tiers.pr.download": {"en": "Download plan robustness CSV", "zh": "下载计划稳健性 CSV"},
    "tiers.pr.yes": {"en": "yes", "zh": "是"},
    "col.plan_wave": {"en": "Your wave", "zh": "你的批次"},
    "col.p_core": {"en": "Core", "zh": "核心市场"},
    "col.p_wave_1_2": {"en": "Wave 1–2", "zh": "第 1–2 批"},
    "col.p_in_plan": {"en": "In plan", "zh": "在计划中"},
    "col.plan": {"en": "Plan (core | wave 2 | …)", "zh": "计划（核心 | 第 2 批 | …）"},
    "col.share": {"en": "Share of draws", "zh": "抽样占比"},
    "col.is_base": {"en": "Your plan", "zh": "你的计划"},
    # ---------------------------------------------------------------- Compare: two scenarios
    "cmp.view": {"en": "View", "zh": "视图"},
    "cmp.tab.markets": {"en": "Markets side by side", "zh": "市场并排对比"},
    "cmp.tab.scenarios": {"en": "Two scenarios", "zh": "两个情景对比"},
    "cmp.wi_intro": {
        "en": "For one of the markets above: the nearest weights that would put it in your top k.",
        "zh": "针对上面的某个市场：使其进入前 k 名的最接近的权重。",
    },
    "sc.intro": {
        "en": "Put your scenario beside a preset or a saved scenario file (yours or a co-founder's): what moves, "
        "and which weights and settings differ.",
        "zh": "把你的情景与某个预设方案或已保存的情景文件（你的或合伙人的）并排比较："
        "哪些市场排名变化，哪些权重和设置不同。",
    },
    "sc.side": {"en": "Scenario {side}", "zh": "情景 {side}"},
    "sc.current": {"en": "Your current scenario", "zh": "当前情景"},
    "sc.preset": {"en": "Preset: {name}", "zh": "预设方案：{name}"},
    "sc.file": {"en": "A saved scenario file", "zh": "已保存的情景文件"},
    "sc.upload": {"en": "Scenario file (JSON, saved from the sidebar)", "zh": "情景文件（JSON，从侧边栏保存）"},
    "sc.need_file": {
        "en": "Upload a scenario file for {side} (sidebar → Scenario → Save scenario).",
        "zh": "请为情景 {side} 上传情景文件（侧边栏 → 情景 → 保存情景）。",
    },
    "sc.file_problems": {
        "en": "Some settings in the file for {side} were not valid and were left at their defaults: {items}.",
        "zh": "情景 {side} 文件中的部分设置无效，已按默认值处理：{items}。",
    },
    "sc.label_current": {"en": "current", "zh": "当前"},
    "sc.label_file": {"en": "file {name}", "zh": "文件 {name}"},
    "sc.slope": {
        "en": "Rank in A and in B (markets in the top {top} of either)",
        "zh": "情景 A 与 B 中的排名（任一情景前 {top} 名的市场）",
    },
    "sc.table": {"en": "Rank and score in both", "zh": "两个情景中的排名与得分"},
    "sc.weights": {"en": "Pillar weights (shares)", "zh": "支柱权重（占比）"},
    "sc.settings": {"en": "Other settings that differ", "zh": "其他不同的设置"},
    "sc.same_settings": {
        "en": "Method, coverage threshold, indicator weights and directions are the same in both.",
        "zh": "两个情景的排名方法、覆盖率门槛、指标权重和方向都相同。",
    },
    "sc.changed": {
        "en": "Largest weight differences (B − A): {items}.",
        "zh": "权重差异最大的支柱（B − A）：{items}。",
    },
    "sc.no_change": {"en": "The pillar weights are the same.", "zh": "支柱权重相同。"},
    "sc.first": {
        "en": "First market: {a} in A, {b} in B.",
        "zh": "排名第一的市场：情景 A 为{a}，情景 B 为{b}。",
    },
    "sc.download": {"en": "Download comparison CSV", "zh": "下载对比 CSV"},
    "sc.status.both": {"en": "both", "zh": "两者"},
    "sc.status.only_a": {"en": "only A", "zh": "仅 A"},
    "sc.status.only_b": {"en": "only B", "zh": "仅 B"},
    "sc.move.up": {"en": "higher in B", "zh": "在 B 中更靠前"},
    "sc.move.down": {"en": "lower in B", "zh": "在 B 中更靠后"},
    "sc.move.same": {"en": "same rank", "zh": "排名相同"},
    "sc.move.one": {"en": "ranked in one only", "zh": "仅在一个情景中排名"},
    "sc.setting.method": {"en": "Method", "zh": "排名方法"},
    "sc.setting.cov": {"en": "Minimum data coverage", "zh": "最低数据覆盖率"},
    "sc.setting.origin": {"en": "Ship from", "zh": "发货地"},
    "sc.setting.iw": {"en": "Indicator weight: {name}", "zh": "指标权重：{name}"},
    "sc.setting.dir": {"en": "Direction: {name}", "zh": "方向：{name}"},
    "sc.no_origin": {"en": "none (generic view)", "zh": "无（通用视角）"},
    "col.rank_a": {"en": "Rank in A", "zh": "A 中排名"},
    "col.rank_b": {"en": "Rank in B", "zh": "B 中排名"},
    "col.score_a": {"en": "Score in A", "zh": "A 中得分"},
    "col.score_b": {"en": "Score in B", "zh": "B 中得分"},
    "col.rank_change": {"en": "Places gained in B", "zh": "在 B 中上升的名次"},
    "col.status": {"en": "Ranked in", "zh": "参与排名的情景"},
    "col.weight_a": {"en": "Weight in A", "zh": "A 中权重"},
    "col.weight_b": {"en": "Weight in B", "zh": "B 中权重"},
    "col.difference": {"en": "Difference (B − A)", "zh": "差值（B − A）"},
    "col.setting": {"en": "Setting", "zh": "设置"},
    "col.a": {"en": "A", "zh": "A"},
    "col.b": {"en": "B", "zh": "B"},
    "col.scenario": {"en": "Scenario", "zh": "情景"},
    "col.move": {"en": "Move", "zh": "变化"},
    # ================================================================ end of issue 10 block
}

# Names we own that come from data files: fall back to the English text when absent.
OPTIONAL: dict[str, dict[str, str]] = {
    "region.East Asia & Pacific": {"en": "East Asia & Pacific", "zh": "东亚与太平洋"},
    "region.Europe & Central Asia": {"en": "Europe & Central Asia", "zh": "欧洲与中亚"},
    "region.Latin America & Caribbean": {"en": "Latin America & Caribbean", "zh": "拉丁美洲与加勒比"},
    "region.Middle East, North Africa, Afghanistan & Pakistan": {
        "en": "Middle East, North Africa, Afghanistan & Pakistan",
        "zh": "中东、北非、阿富汗与巴基斯坦",
    },
    "region.Middle East & North Africa": {"en": "Middle East & North Africa", "zh": "中东与北非"},
    "region.North America": {"en": "North America", "zh": "北美"},
    "region.South Asia": {"en": "South Asia", "zh": "南亚"},
    "region.Sub-Saharan Africa": {"en": "Sub-Saharan Africa", "zh": "撒哈拉以南非洲"},
    "income.High income": {"en": "High income", "zh": "高收入"},
    "income.Upper middle income": {"en": "Upper middle income", "zh": "中高收入"},
    "income.Lower middle income": {"en": "Lower middle income", "zh": "中低收入"},
    "income.Low income": {"en": "Low income", "zh": "低收入"},
    "preset.balanced": {"en": "Balanced", "zh": "均衡"},
    "preset.safe_premium": {"en": "Safe premium", "zh": "稳健高端"},
    "preset.growth_hunter": {"en": "Growth hunter", "zh": "追逐增长"},
    "preset.logistics_first": {"en": "Logistics first", "zh": "物流优先"},
    "preset.compliance_light": {"en": "Compliance light", "zh": "轻合规"},
    "preset_reason.balanced": {"en": "", "zh": "尚无明确策略：各支柱权重相同，作为对比的中性起点。"},
    "preset_reason.safe_premium": {
        "en": "",
        "zh": "面向大型、富裕、监管完善市场的品牌与品质卖家：市场规模、可预期的规则和便于刷卡的支付环境，"
        "比增长速度或竞争激烈程度更重要。",
    },
    "preset_reason.growth_hunter": {
        "en": "",
        "zh": "“高需求 + 低竞争”：需求增长快（先看增长势头，再看市场规模，使增长意味着大量新买家）、"
        "现有玩家留有空间，愿意接受较弱的基础设施与监管以换取先发优势。",
    },
    "preset_reason.logistics_first": {
        "en": "",
        "zh": "大件或重货：配送成本和可靠性决定利润，因此物流权重最高，其次是市场规模和市场远近。",
    },
    "preset_reason.compliance_light": {
        "en": "",
        "zh": "承受不起清关或法律意外的小团队：可预期的行政管理、完善的电子商务法律以及较低的进口关税和增值税"
        "权重最高，并偏好足够近、便于服务的市场；快速增长和低竞争不如确定性重要。数据无法比较各国认证制度"
        "（CE、FCC、KC、PSE），请自行核实你的产品需要哪些认证。",
    },
    "profile.general": {"en": "General goods", "zh": "通用商品"},
    "profile.electronics": {"en": "Electronics", "zh": "电子产品"},
    "profile.fashion": {"en": "Fashion", "zh": "服装时尚"},
    "profile.home_furniture": {"en": "Home & furniture", "zh": "家居家具"},
    "profile.beauty": {"en": "Beauty & cosmetics", "zh": "美妆个护"},
    "profile.toys": {"en": "Toys", "zh": "玩具"},
    "profile.digital_goods": {"en": "Digital goods", "zh": "数字商品"},
    "profile.low_ticket_impulse": {"en": "Low-ticket impulse buys", "zh": "低价冲动型消费品"},
    "profile_reason.general": {"en": "", "zh": "不做针对具体产品的调整。"},
    "profile_reason.electronics": {
        "en": "",
        "zh": "电子产品价值高且易被仿冒：可执行的规则与合同更重要（监管 ×1.5），运输需谨慎并投保（物流 ×1.2）。"
        "多数大市场都要求认证（CE/FCC/KC、电池），数据无法比较这些制度。",
    },
    "profile_reason.fashion": {"en": "", "zh": "服装竞争激烈、退货多，但认证要求低：竞争 ×1.4，物流 ×1.2，监管 ×0.8。"},
    "profile_reason.home_furniture": {
        "en": "",
        "zh": "大件商品：运费和尾程配送成本占主导，物流 ×2；近的市场节省运费（契合度 ×1.5）。",
    },
    "profile_reason.beauty": {"en": "", "zh": "化妆品面临成分和标签法规，且品牌强势：监管 ×1.6，竞争 ×1.2。"},
    "profile_reason.toys": {"en": "", "zh": "玩具需要儿童产品安全认证，因此执法可预期更重要：监管 ×1.6。"},
    "profile_reason.digital_goods": {"en": "", "zh": "无需发货，关键在收款：物流 ×0.2，支付 ×1.6，市场规模 ×1.2。"},
    "profile_reason.low_ticket_impulse": {
        "en": "",
        "zh": "低价冲动消费取决于当地支付方式（电子钱包、货到付款）以及运费相对售价的比例：支付 ×1.6，物流 ×1.2，增长 "
        "×1.2。",
    },
    "unit.%": {"en": "%", "zh": "百分比（%）"},
    "unit.% age 15+": {"en": "% age 15+", "zh": "占 15 岁以上人口 %"},
    "unit.% of GDP": {"en": "% of GDP", "zh": "占 GDP %"},
    "unit.% of individuals 16-74": {"en": "% of individuals 16-74", "zh": "占 16–74 岁人口 %"},
    "unit.% of population": {"en": "% of population", "zh": "占人口 %"},
    "unit.TEU": {"en": "TEU", "zh": "标准箱（TEU）"},
    "unit.annual %": {"en": "annual %", "zh": "年度 %"},
    "unit.current US$": {"en": "current US$", "zh": "现价美元"},
    "unit.current international $": {"en": "current international $", "zh": "现价国际元（购买力平价）"},
    "unit.departures": {"en": "departures", "zh": "起飞架次"},
    "unit.estimate": {"en": "estimate", "zh": "估计值"},
    "unit.per 1 million people": {"en": "per 1 million people", "zh": "每百万人"},
    "unit.per 100 people": {"en": "per 100 people", "zh": "每百人"},
    "unit.per 100,000 adults": {"en": "per 100,000 adults", "zh": "每 10 万成年人"},
    "unit.persons": {"en": "persons", "zh": "人"},
    "unit.score 0-1": {"en": "score 0-1", "zh": "评分 0–1"},
    "unit.score 1-5": {"en": "score 1-5", "zh": "评分 1–5"},
}


def translate(key: str, lang: str = "en", **fmt: object) -> str:
    """Look up `key` in `lang` (English when the language is unknown) and format it.

    An unknown key raises KeyError: a typo must fail a test, not show a key to a founder.
    """
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text


def has(key: str) -> bool:
    return key in TEXT


def _catalog_name(prefix: str, name: str, lang: str) -> str | None:
    """An indicator's name ('ind') or short name ('short') in `lang`, from catalog.toml: the one place
    indicator names are written; None for ids the catalog does not hold (a founder's own columns)."""
    from xbmarkets.catalog_spec import INDICATORS

    spec = next((s for s in INDICATORS if s.id == name), None)
    if spec is None:
        return None
    if prefix == "short":
        return (spec.short_zh if lang == "zh" else "") or spec.short or spec.name
    return (spec.name_zh if lang == "zh" else "") or spec.name


def label(prefix: str, name: str, lang: str | None = None, fallback: str | None = None) -> str:
    """Translated name of a data-owned thing (region, income group, indicator), else its own text."""
    lang = lang or current_lang()
    if prefix in ("ind", "short"):
        found = _catalog_name(prefix, name, lang)
        if found is not None:
            return found
    key = f"{prefix}.{name}"
    entry: Mapping[str, str] | None = TEXT.get(key) or OPTIONAL.get(key)
    if entry is None:
        return fallback if fallback is not None else name
    return entry.get(lang) or entry["en"]


def current_lang() -> str:
    """The sidebar language, read from the session; English outside a streamlit run."""
    try:
        import streamlit as st

        lang = st.session_state.get("lang", "en")
    except Exception:  # pragma: no cover - no script run context
        return "en"
    return lang if lang in LANGS else "en"


def t(key: str, **fmt: object) -> str:
    """Translate `key` into the session's language."""
    return translate(key, current_lang(), **fmt)

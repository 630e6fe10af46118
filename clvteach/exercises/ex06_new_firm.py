"""Exercise 06 — transfer: new firms, new stories, the whole chapter end to end.

Questions for the goals that had no exercise (issue 14): delivered vs perceived value,
drawing a lifecycle from a story (stage boundaries, pattern, curve), RFM on a simulated
coffee chain, CLV vs NPS vs CSAT, a new firm run through the five CLV analysis steps, and
two written reflections for the literacy goals (scored by the instructor).

Every student-facing string of this exercise is an :class:`clvteach.i18n.Text` pair
(English, Chinese): the hints in :data:`TEXT`, the statements, stories and diagnoses
beside the code that uses them.

References
----------
Courseware ch. 6, 客户价值的分析与获取 (让渡价值 vs 感知价值; 四阶段模型; 四种生命周期模式;
客户终生价值的分析步骤). Seed 003 (CLV vs NPS vs CSAT); seed 000 (RFM).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .. import clv as _clv
from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ..i18n import Text
from ._core import Question, Sealed, label_axes_hint, register
from .goals import with_goals
from . import ex04_clv_analysis_steps as _ex04
from .reflection import ReflectionQuestion

__all__ = ["Params", "SPEC", "TEXT", "make_params", "monthly_visits", "nps", "csat",
           "rfm_cell", "current_value", "clv_cac", "segment"]

# --------------------------------------------------------------------------- strings
TEXT = {
    "delivered_or_perceived": Text(
        '"delivered" (让渡价值: what the firm objectively gives, used to optimise the value '
        'chain and costs) or "perceived" (感知价值: what the customer subjectively feels, used '
        "in brand marketing)",
        '"delivered"（客户让渡价值：企业客观上提供给客户的价值，用于优化价值链和成本）或 '
        '"perceived"（感知价值：客户主观上感受到的价值，用于品牌营销）'),
    "why_delivered": Text(
        "delivered value is the firm's objective sum of value minus cost; this statement is "
        "about what the customer feels",
        "客户让渡价值是企业客观计算的客户总价值减去客户总成本；而这段描述讲的是客户的感受"),
    "why_perceived": Text(
        "perceived value is what the customer feels; this statement is the firm's objective "
        "calculation of what it delivers",
        "感知价值是客户的主观感受；而这段描述是企业对自己所提供价值的客观计算"),
    "pattern": Text(
        'one of "early_abortion" (早期流产型), "midterm_abortion" (中途夭折型), '
        '"early_exit" (提前退出型), "long_term_retention" (长久保持型)',
        '"early_abortion"（早期流产型）、"midterm_abortion"（中途夭折型）、'
        '"early_exit"（提前退出型）、"long_term_retention"（长久保持型）四者之一'),
    "boundaries": Text(
        'a dict with the first month of each stage: {"formation": …, "stability": …, '
        '"deterioration": …} (exploration starts in month 1)',
        '一个字典，给出每个阶段开始的月份：{"formation": …, "stability": …, '
        '"deterioration": …}（考察期从第 1 月开始）'),
    "curve": Text(
        "ax.plot(months 1..n, visits per month from the story) with labelled axes",
        "ax.plot(第 1..n 月, 故事中每月的次数)，并给坐标轴加上标签"),
    "rfm": Text(
        "the RFM cell of customer p.rfm_customer: a string of three digits R, F, M "
        "(ct.rfm_scores of the chain's rfm_table)",
        "客户 p.rfm_customer 所在的 RFM 单元：由 R、F、M 三个数字组成的字符串"
        "（对连锁店的 rfm_table 调用 ct.rfm_scores）"),
    "nps": Text(
        "NPS = % promoters (9–10) − % detractors (0–6), in points from −100 to +100",
        "净推荐值 NPS = 推荐者（9–10 分）的百分比 − 贬损者（0–6 分）的百分比，取值在 −100 到 +100 之间"),
    "csat": Text(
        "CSAT = share of satisfied answers (4 or 5 on the 1–5 scale), in %",
        "客户满意度 CSAT = 满意回答（1–5 分量表中的 4 分或 5 分）所占的比例，以 % 表示"),
    "metric": Text(
        '"clv", "nps" or "csat": which metric answers the question printed as Q8',
        '"clv"、"nps" 或 "csat"：哪个指标能回答第一个单元格输出中“Q8 问题”所列的问题'),
    "current": Text(
        "5-year current value of a new member: yearly profit × r**t / (1 + d)**t, "
        "t = 1..5 (ct.current_value)",
        "一位新会员 5 年的当前价值：每年利润 × r**t / (1 + d)**t，t = 1..5（ct.current_value）"),
    "ratio": Text(
        "CLV : CAC = current value (Q9) / CAC, 2 decimals",
        "CLV : CAC = 当前价值（Q9）/ 客户获取成本，保留两位小数"),
    "segment": Text(
        '"high_value", "growth", "watch" or "low_value": the member\'s segment by current '
        "value (Q9) × potential value, high = strictly above Lanshan's cut",
        '"high_value"、"growth"、"watch" 或 "low_value"：按当前价值（Q9）× 潜在价值确定'
        "这位会员所属的客户群，严格高于蓝山健身的划分线才算“高”"),
    "strategy": Text(
        '"vip_care", "develop", "defend" or "low_cost": step 5, the strategy for your '
        "member's segment (Q11)",
        '"vip_care"、"develop"、"defend" 或 "low_cost"：第 5 步，为你的会员所属的客户群'
        "（Q11）选择策略"),
    "reflect_l1": Text(
        "write 40 words or more (或 40 个汉字以上); the rubric is in the question",
        "至少写 40 个汉字（或 40 个英文单词）；评分标准见题目"),
}

# Delivered value 让渡价值 vs perceived value 感知价值 (courseware ch. 6): statements.
STATEMENTS = (  # (text, sealed answer); plain answers: the grading key
    (Text("Haier's finance team adds up product, service, personnel and image value and "
          "subtracts the price and the service cost per customer to plan next year's value "
          "chain. 海尔财务部门按客户计算总价值减总成本，用来规划价值链。",
          "海尔财务部门把每位客户的产品价值、服务价值、人员价值和形象价值相加，再减去价格和"
          "服务成本，用来规划明年的价值链。"),
     Sealed('ex06:statement:0', '31b8068693b8b00511c5e348')),
    (Text("After a survey, Luckin learns that students feel its coffee is 'worth more than it "
          "costs' even when the price goes up 2 yuan. 瑞幸调查发现学生觉得咖啡“物超所值”。",
          "瑞幸通过调查发现，即使每杯涨价 2 元，学生们仍觉得它的咖啡“物超所值”。"),
     Sealed('ex06:statement:1', '0d6fd1c24cd44a91f669affc')),
    (Text("JD's logistics department cuts the delivery time from 2 days to 1 and calculates the "
          "time cost it saves per order. 京东物流把配送时间从2天缩短到1天，并计算每单节省的时间成本。",
          "京东物流把配送时间从 2 天缩短到 1 天，并计算每单为客户节省的时间成本。"),
     Sealed('ex06:statement:2', 'd15ca893bd49847364c2c499')),
    (Text("A Xiaohongshu review says: 'the Florasis lipstick feels like a work of art, I would "
          "pay double'. 小红书评论：“花西子口红像艺术品，价格翻倍我也买。”",
          "小红书上的一条评论说：“花西子口红像一件艺术品，价格翻倍我也买。”"),
     Sealed('ex06:statement:3', 'a171beb8b557efaec1ef13fc')),
    (Text("Midea's cost accountants compare the monetary, time and energy cost a customer "
          "spends on its rice cooker with those of a rival. "
          "美的成本会计比较客户在自家和竞品上付出的货币、时间、精力成本。",
          "美的的成本会计比较客户购买和使用自家电饭煲与竞品时付出的货币成本、时间成本和精力成本。"),
     Sealed('ex06:statement:4', '6b9f4c50da21a8a4eb55171f')),
    (Text("Xiao Zhou tells her friends that the NIO owners' events make the car feel worth far "
          "more than its price. 小周告诉朋友，蔚来车主活动让她觉得这辆车远超所值。",
          "小周告诉朋友，蔚来的车主活动让她觉得这辆车的价值远远超过它的价格。"),
     Sealed('ex06:statement:5', '7a40a0b79fdc4bc8f7d949aa')),
)

# The four lifecycle patterns (客户生命周期模式) from short stories.
PATTERNS = {
    "early_abortion": Text("早期流产型 early abortion: lost right after acquisition",
                           "早期流产型：刚获取就流失"),
    "midterm_abortion": Text("中途夭折型 mid-term abortion: lost just before the stable stage",
                             "中途夭折型：在即将进入稳定期之前流失"),
    "early_exit": Text("提前退出型 early exit: reached stability, left before the expected time",
                       "提前退出型：进入过稳定期，但在预期时间之前离开"),
    "long_term_retention": Text("长久保持型 long-term retention: all stages, stays loyal",
                                "长久保持型：经历全部阶段，始终保持忠诚"),
}
PATTERN_STORIES = (  # (text, sealed answer); plain answers: the grading key
    (Text("Xiao Tan downloads the Dingdong grocery app for a 1-yuan egg offer, the eggs arrive "
          "broken, and she uninstalls the app the same week. 小谭为1元鸡蛋下载叮咚买菜，鸡蛋碎了，当周就卸载。",
          "小谭为了 1 元鸡蛋的优惠下载了叮咚买菜，结果鸡蛋送到时是碎的，她当周就卸载了 App。"),
     Sealed('ex06:pattern:0', '664c96bbc8bfdef8d79836d9')),
    (Text("Mr Ye buys a 2-year Keep membership, trains four times a week for a year, then a new "
          "gym with smart equipment opens downstairs and he never renews. 叶先生办了两年Keep会员，"
          "一周练四次坚持了一年，楼下新开智能健身房后他再没续费。",
          "叶先生办了两年的 Keep 会员，一周练四次，坚持了一年；后来楼下新开了一家配有智能器械的"
          "健身房，他就再也没有续费。"),
     Sealed('ex06:pattern:1', '5fb01665791dcafeae75acb8')),
    (Text("Xiao Wen takes a paid Ximalaya course, listens more each month, but the new episodes "
          "stop coming and she leaves after three months, before it became a habit. 小文购买喜马拉雅"
          "付费课程，每月听得更多，但更新停滞，三个月后还没养成习惯就离开了。",
          "小文购买了喜马拉雅的付费课程，每个月都听得更多，但新内容停更了；三个月后，还没养成"
          "收听习惯的她就离开了。"),
     Sealed('ex06:pattern:2', 'eaa60245a26c2e9f1a733066')),
    (Text("Ms Du bought her first Huawei phone in 2016, then a MateBook, a watch and earphones; "
          "she still buys Huawei and recommends it to every colleague. 杜女士2016年买了第一部华为手机，"
          "后来又买了笔记本、手表和耳机，至今仍买华为并向同事推荐。",
          "杜女士 2016 年买了第一部华为手机，后来又买了 MateBook 笔记本、手表和耳机；她至今仍买"
          "华为，并向每一位同事推荐。"),
     Sealed('ex06:pattern:3', '967a11803c76f4003652d89b')),
    (Text("Xiao Qi joins a barber shop with a prepaid card, becomes a regular for two years, then "
          "the staff keep pushing expensive treatments and he stops going long before the card "
          "would normally run out. 小齐办了理发店储值卡，成了两年的老顾客，后来店员总推销昂贵项目，他提前不去了。",
          "小齐在一家理发店办了储值卡，当了两年的老顾客；后来店员总是向他推销昂贵的项目，卡里的钱"
          "还远没用完，他就不再去了。"),
     Sealed('ex06:pattern:4', 'f8cca19f4b5c6a19b4626151')),
    (Text("A student signs up to Pinduoduo for a 'cut the price' deal, gets one order, and is "
          "never seen again. 一名学生为“砍一刀”注册拼多多，只下了一单，之后再也没出现。",
          "一名学生为了“砍一刀”的优惠注册了拼多多，只下了一单，之后就再也没有出现过。"),
     Sealed('ex06:pattern:5', '0310202a21c6f1dd08004059')),
)

STORY_FIRMS = (
    ("Qingning Tea 青柠茶饮", "orders"),
    ("LiFit gym 力健身", "visits"),
    ("Duhao bookshop app 读好书", "orders"),
    ("Shuiliang car wash 水亮洗车", "washes"),
)
# The same firms in the Chinese story: (name, verb, measure word, what is counted).
STORY_FIRMS_ZH = (
    ("青柠茶饮", "下", "单", "订单数"),
    ("力健身", "去", "次", "到店次数"),
    ("读好书", "下", "单", "订单数"),
    ("水亮洗车", "洗", "次", "洗车次数"),
)

METRIC_QUESTIONS = (  # (question, sealed answer); plain answers: the grading key
    (Text("Was the customer happy with today's delivery? 今天这次配送客户满意吗？",
          "今天这次配送，客户满意吗？"),
     Sealed('ex06:metric:0', '18824627c71d6bb79872966d')),
    (Text("How likely are our members to recommend us to a friend? 会员向朋友推荐我们的可能性有多大？",
          "会员向朋友推荐我们的可能性有多大？"),
     Sealed('ex06:metric:1', '711196da6146ac32eef3cf1d')),
    (Text("How much is a member worth to us over the whole relationship, in yuan? "
          "一位会员在整个关系期间值多少钱？",
          "在整个关系期间，一位会员对我们值多少钱（以元计）？"),
     Sealed('ex06:metric:2', '59e5c6e81e5f4cf5ddacdae8')),
    (Text("How much may we spend to acquire a customer of this channel? "
          "这个渠道获取一个客户最多能花多少钱？",
          "通过这个渠道获取一个客户，我们最多能花多少钱？"),
     Sealed('ex06:metric:3', '60e25574eb34ee33cb85386c')),
    (Text("Did the hotline solve the problem in this call? 这次热线电话解决问题了吗？",
          "这次热线电话解决客户的问题了吗？"),
     Sealed('ex06:metric:4', '8f74c08b60991a10687490fc')),
    (Text("Will this customer act as our 'word of mouth' (口碑)? 这位客户会为我们做口碑吗？",
          "这位客户会主动为我们传播口碑吗？"),
     Sealed('ex06:metric:5', '28da345b37c69beb0cfa54db')),
)
METRICS = {"clv": Text("客户终生价值 customer lifetime value", "客户终生价值（CLV）"),
           "nps": Text("净推荐值 net promoter score", "净推荐值（NPS）"),
           "csat": Text("客户满意度 customer satisfaction (one interaction)",
                        "客户满意度（CSAT，针对一次互动）")}


@dataclass(frozen=True)
class Params:
    """One student's statements, stories, data and the new firm's numbers."""

    statement: int
    pattern_story: int
    firm: int
    stage_months: tuple[int, int, int, int]  # exploration, formation, stability, deterioration
    peak: int
    coffee_seed: int
    rfm_customer: int
    nps_scores: tuple[int, ...]
    csat_scores: tuple[int, ...]
    metric_question: int
    annual_fee: float
    margin: float
    retention: float
    discount_rate: float
    cac: float
    potential_value: float = 0.0  # the Lanshan member's potential value (yuan)
    current_threshold: float = 0.0  # Lanshan's cuts for "high" (strictly above)
    potential_threshold: float = 0.0

    @property
    def boundaries(self) -> dict[str, int]:
        e, f, s, _ = self.stage_months
        return {"formation": 1 + e, "stability": 1 + e + f, "deterioration": 1 + e + f + s}


def make_params(rng: np.random.Generator) -> Params:
    stage_months = (int(rng.integers(1, 3)), int(rng.integers(2, 5)), int(rng.integers(4, 9)),
                    int(rng.integers(2, 5)))
    n_nps = int(rng.integers(40, 61))
    nps_scores = tuple(int(x) for x in rng.choice(np.arange(11), size=n_nps,
                                                  p=_nps_weights(rng)))
    csat_scores = tuple(int(x) for x in rng.choice(np.arange(1, 6), size=int(rng.integers(30, 51)),
                                                   p=[0.06, 0.1, 0.2, 0.34, 0.3]))
    seed = int(rng.integers(1, 10_000))
    params = Params(
        statement=int(rng.integers(len(STATEMENTS))),
        pattern_story=int(rng.integers(len(PATTERN_STORIES))),
        firm=int(rng.integers(len(STORY_FIRMS))),
        stage_months=stage_months,
        peak=int(rng.integers(8, 15)),
        coffee_seed=seed,
        rfm_customer=int(rng.integers(1, 301)),
        nps_scores=nps_scores,
        csat_scores=csat_scores,
        metric_question=int(rng.integers(len(METRIC_QUESTIONS))),
        annual_fee=float(rng.choice(np.arange(1200, 3601, 100))),
        margin=float(rng.choice([0.4, 0.45, 0.5, 0.55, 0.6])),
        retention=float(rng.choice([0.6, 0.65, 0.7, 0.75, 0.8, 0.85])),
        discount_rate=float(rng.choice([0.08, 0.1, 0.12])),
        cac=float(rng.choice(np.arange(300, 2001, 50))),
    )
    # Step 4: Lanshan's segment cuts, one on each side of this member (drawn last, so the
    # numbers above do not depend on them).
    current = current_value(params)
    below = bool(rng.integers(2))
    cut = current * float(rng.choice([1.2, 1.4, 1.6])) if below else current * float(
        rng.choice([0.5, 0.65, 0.8]))
    potential = float(rng.choice(np.arange(200, 1201, 50)))
    pcut = float(rng.choice(np.arange(200, 1201, 100)))
    if pcut == potential:
        pcut += 50.0
    return replace(params, potential_value=potential, current_threshold=round(cut, -1),
                   potential_threshold=pcut)


def _nps_weights(rng: np.random.Generator) -> np.ndarray:
    w = np.array([1, 1, 1, 2, 2, 3, 4, 7, 9, 8, 6], dtype=float) * rng.uniform(0.7, 1.3, 11)
    return w / w.sum()


# --------------------------------------------------------------------------- the story
def monthly_visits(p: Params) -> list[int]:
    """Visits per month told by the story: a try, growth, a plateau at the peak, decline."""
    e, f, s, d = p.stage_months
    visits = [1] * e
    visits += [int(round(p.peak * (i + 1) / (f + 1))) for i in range(f)]
    visits += [p.peak] * s
    visits += [max(0, int(round(p.peak * (d - i) / (d + 1)))) for i in range(d)]
    return visits


def story(p: Params) -> str:
    """Xiao An's story (Q3-Q4) in the current language: it tells every monthly number."""
    firm, unit = STORY_FIRMS[p.firm]
    firm_zh, verb_zh, unit_zh, counted_zh = STORY_FIRMS_ZH[p.firm]
    e, f, s, d = p.stage_months
    v = monthly_visits(p)
    grow = ", ".join(map(str, v[e:e + f]))
    fall = ", ".join(map(str, v[e + f + s:]))
    return str(Text(
        f"Xiao An discovers {firm} through a first-visit coupon and tries it: {v[0]} {unit[:-1]} "
        f"a month for {e} month(s) while she compares it with other places. Then she is "
        f"convinced, brings colleagues and tries new products: in the next {f} months her "
        f"{unit} per month grow: {grow}. For {s} months she is a top member at {p.peak} {unit} "
        f"a month and recommends the firm to friends. Then her office moves away: over {d} "
        f"months her {unit} fall to {fall}, and she stops. Month 1 is her first month.",
        f"小安凭一张首次到店优惠券发现了{firm_zh}，开始试用：在拿它和其他商家比较的 {e} 个月里，"
        f"她每月{verb_zh} {v[0]} {unit_zh}。后来她认可了这家店，带同事一起来，还尝试新产品："
        f"接下来 {f} 个月，她每月的{counted_zh}依次增长为 {grow}。此后 {s} 个月，她是每月"
        f"{verb_zh} {p.peak} {unit_zh}的顶级会员，并向朋友推荐这家店。再后来她的办公室搬走了："
        f"在 {d} 个月里，她每月的{counted_zh}依次降为 {fall}，之后便不再来了。第 1 月是她的"
        f"第一个月。"))


_DESCRIBE = (
    Text("Q1 statement   {statement}", "Q1 描述：{statement}"),
    Text("Q2 story       {pattern_story}", "Q2 故事：{pattern_story}"),
    Text("Q3-Q4 story    {story}", "Q3-Q4 故事：{story}"),
    Text("Q5 RFM         ct.datasets.simulate_coffee_shop(300, seed={seed}); customer {customer}",
         "Q5 RFM：ct.datasets.simulate_coffee_shop(300, seed={seed})；客户 {customer}"),
    Text("Q6-Q7 surveys  p.nps_scores ({n_nps} answers 0-10), p.csat_scores ({n_csat} answers 1-5)",
         "Q6-Q7 调查：p.nps_scores（{n_nps} 份回答，0-10 分），p.csat_scores（{n_csat} 份回答，1-5 分）"),
    Text("Q8 question    {metric_question}", "Q8 问题：{metric_question}"),
    Text("Q9-Q10 firm    Lanshan Fitness 蓝山健身: annual fee {annual_fee:,.0f} yuan, gross "
         "margin {margin:.0%}, retention {retention:.0%} a year, discount rate "
         "{discount_rate:.0%}, CAC {cac:,.0f} yuan",
         "Q9-Q10 企业：蓝山健身，年费 {annual_fee:,.0f} 元，毛利率 {margin:.0%}，保留率每年 "
         "{retention:.0%}，贴现率 {discount_rate:.0%}，客户获取成本 {cac:,.0f} 元"),
    Text("Q11-Q12 step 4 the member's potential value {potential_value:,.0f} yuan; Lanshan "
         "calls current value high above {current_threshold:,.0f} yuan and potential value "
         "high above {potential_threshold:,.0f} yuan",
         "Q11-Q12 第 4 步：这位会员的潜在价值为 {potential_value:,.0f} 元；蓝山健身把高于 "
         "{current_threshold:,.0f} 元的当前价值、高于 {potential_threshold:,.0f} 元的潜在价值算作“高”"),
)


def describe(p: Params) -> str:
    """The student's statements, stories and numbers, one per line, in the current language."""
    fields = dict(statement=STATEMENTS[p.statement][0],
                  pattern_story=PATTERN_STORIES[p.pattern_story][0], story=story(p),
                  seed=p.coffee_seed, customer=p.rfm_customer, n_nps=len(p.nps_scores),
                  n_csat=len(p.csat_scores),
                  metric_question=METRIC_QUESTIONS[p.metric_question][0],
                  annual_fee=p.annual_fee, margin=p.margin, retention=p.retention,
                  discount_rate=p.discount_rate, cac=p.cac, potential_value=p.potential_value,
                  current_threshold=p.current_threshold,
                  potential_threshold=p.potential_threshold)
    return "\n".join(line.get().format(**fields) for line in _DESCRIBE)


# --------------------------------------------------------------------------- answers
def rfm_cell(p: Params, *, reverse_recency: bool = False) -> str:
    from .. import datasets, rfm

    coffee = datasets.simulate_coffee_shop(300, seed=p.coffee_seed)
    scores = rfm.rfm_scores(rfm.rfm_table(coffee.transactions)).loc[p.rfm_customer]
    r = 6 - int(scores["R"]) if reverse_recency else int(scores["R"])
    return f"{r}{int(scores['F'])}{int(scores['M'])}"


def nps(p: Params, *, promoters_from: int = 9, detractors_to: int = 6) -> float:
    s = np.asarray(p.nps_scores)
    return float(100 * ((s >= promoters_from).mean() - (s <= detractors_to).mean()))


def csat(p: Params, *, satisfied_from: int = 4) -> float:
    return float(100 * (np.asarray(p.csat_scores) >= satisfied_from).mean())


def current_value(p: Params, **mistake: Any) -> float:
    if mistake.get("churn") is False:
        return float(sum(p.annual_fee * p.margin / (1 + p.discount_rate) ** t
                         for t in range(1, 6)))
    if mistake.get("discount") is False:
        return float(sum(p.annual_fee * p.margin * p.retention ** t for t in range(1, 6)))
    if mistake.get("margin") is False:
        return _clv.current_value(annual_revenue=p.annual_fee, margin=1.0,
                                  retention=p.retention, discount_rate=p.discount_rate, horizon=5)
    return _clv.current_value(annual_revenue=p.annual_fee, margin=p.margin,
                              retention=p.retention, discount_rate=p.discount_rate, horizon=5)


def clv_cac(p: Params) -> float:
    return current_value(p) / p.cac


def segment(p: Params, *, swap: bool = False) -> str:
    """Step 4: the member's segment by current (Q9) × potential value, strictly above = high."""
    high_current = current_value(p) > p.current_threshold
    high_potential = p.potential_value > p.potential_threshold
    if swap:
        high_current, high_potential = high_potential, high_current
    return {(True, True): "high_value", (False, True): "growth", (True, False): "watch",
            (False, False): "low_value"}[(high_current, high_potential)]


# --------------------------------------------------------------------------- judges
@dataclass(frozen=True, kw_only=True)
class BoundariesQuestion(Question):
    """The first month of formation, stability and deterioration, as a dict."""

    kind: str = "mapping"
    reference: Callable[[Params], dict[str, int]] = field(repr=False, compare=False)

    def judge(self, answer: Any, params: Params, target: Any) -> None:
        names = ("formation", "stability", "deterioration")
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if not isinstance(answer, dict):
            raise Diagnosis(Text(
                'expected a dict such as {"formation": 3, "stability": 6, "deterioration": 12}',
                '需要一个字典，例如 {"formation": 3, "stability": 6, "deterioration": 12}'))
        missing = [n for n in names if n not in answer]
        if missing:
            raise Diagnosis(Text(
                "give the first month of {missing} (the stage names in English, as keys)",
                "请给出 {missing} 开始的月份（用英文阶段名作为字典的键）")
                .format(missing=", ".join(missing)))
        try:
            got = {n: int(answer[n]) for n in names}
        except (TypeError, ValueError):
            raise Diagnosis(Text("each month must be a whole number (1, 2, …)",
                                 "每个月份都必须是整数（1, 2, …）")) from None
        want = {n: int(target[n]) for n in names}
        if got == want:
            return
        if not got["formation"] < got["stability"] < got["deterioration"]:
            raise Diagnosis(Text("the stages follow each other: exploration → formation → "
                                 "stability → deterioration, so the months must increase",
                                 "各阶段依次为：考察期 → 形成期 → 稳定期 → 退化期，"
                                 "所以月份必须递增"))
        if all(got[n] == want[n] - 1 for n in names) or all(got[n] == want[n] + 1 for n in names):
            raise Diagnosis(Text("off by one month: a stage starts in the first month of its new "
                                 "behaviour, and month 1 is the first month",
                                 "差了一个月：一个阶段从出现新行为的第一个月开始算起，"
                                 "而第 1 月就是第一个月"))
        ends = {"formation": want["stability"] - 1, "stability": want["deterioration"] - 1}
        if got["formation"] == want["formation"] - 1 and got["stability"] == ends["formation"]:
            raise Diagnosis(Text("you gave the month each stage ENDS: give the month it starts",
                                 "你给的是每个阶段结束的月份：应给出它开始的月份"))
        if got["stability"] == want["stability"] + 1 or got["stability"] == want["stability"] - 1:
            raise Diagnosis(Text("stability starts in the first month at the peak level",
                                 "稳定期从首次达到峰值水平的那个月开始"))
        wrong = [n for n in names if got[n] != want[n]]
        raise Diagnosis(Text("re-read the story: {wrong} not right yet",
                             "再读一遍故事：{wrong} 还不对").format(wrong=", ".join(wrong)))


def _inspect_curve(ax: Any, p: Params) -> None:
    want = np.asarray(monthly_visits(p), dtype=float)
    months = np.arange(1, want.size + 1, dtype=float)
    lines = [ln for ln in ax.get_lines() if len(ln.get_ydata()) in (want.size, want.size + 1)]
    if not lines:
        raise Diagnosis(Text("draw one line with a point per month (months 1..{n})",
                             "画一条线，每个月一个点（第 1..{n} 月）").format(n=want.size))
    for line in lines:
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if y.size == want.size and np.allclose(y, want):
            if not np.allclose(x, months):
                raise Diagnosis(Text(
                    "the heights are right but the months must run 1, 2, …, not 0, 1, …",
                    "高度对了，但月份必须是 1, 2, …，而不是 0, 1, …"))
            if not ax.get_xlabel() or not ax.get_ylabel():
                raise Diagnosis(label_axes_hint())
            return
        if y.size == want.size and int(np.argmax(y)) + 1 < p.boundaries["stability"]:
            raise Diagnosis(Text("the peak comes too early: the highest level belongs to the "
                                 "stability stage, after the growth of formation",
                                 "峰值出现得太早了：最高水平属于稳定期，在形成期的增长之后"))
        if y.size == want.size and y[-1] >= y.max():
            raise Diagnosis(Text("your curve does not fall at the end: draw the deterioration stage",
                                 "你的曲线最后没有下降：要画出退化期"))
    raise Diagnosis(Text("the curve is not the monthly numbers of the story; read them month by month",
                         "这条曲线不是故事中每个月的数字；请逐月重新读一遍"))


@dataclass(frozen=True, kw_only=True)
class RfmQuestion(Question):
    """The R-F-M cell (three digits) of one customer."""

    kind: str = "text"
    reference: Callable[[Params], str] = field(repr=False, compare=False)

    def judge(self, answer: Any, params: Params, target: Any) -> None:
        if isinstance(answer, (int, np.integer)) and not isinstance(answer, bool):
            if 3 <= int(answer) <= 15 and sum(map(int, str(target))) == int(answer):
                raise Diagnosis(Text(
                    "that is the sum of the scores: give the cell, three digits R, F, M",
                    "这是三个得分之和：请给出 RFM 单元，即 R、F、M 三个数字"))
            answer = str(int(answer))
        if not isinstance(answer, str) or not answer.strip().isdigit() or len(answer.strip()) != 3:
            raise Diagnosis(Text('give three digits as a string, e.g. "345": R, F, M scores 1-5',
                                 '请以字符串形式给出三个数字，例如 "345"：R、F、M 得分，各为 1-5'))
        got = answer.strip()
        if got == target:
            return
        r, f, m = target
        if got == f"{6 - int(r)}{f}{m}":
            raise Diagnosis(Text("recency is reversed: the MOST recent buyers get R = 5",
                                 "最近一次消费得分反了：最近购买的客户得 R = 5"))
        if sorted(got) == sorted(target):
            raise Diagnosis(Text(
                "right scores, wrong order: R (recency), F (frequency), M (monetary)",
                "得分对了，顺序不对：依次为 R（最近一次消费）、F（消费频率）、M（消费金额）"))
        raise Diagnosis(Text("not this customer's cell: use ct.rfm_scores on the chain's rfm_table "
                             "and look up p.rfm_customer",
                             "不是这位客户的 RFM 单元：对连锁店的 rfm_table 调用 ct.rfm_scores，"
                             "再查找 p.rfm_customer"))


# --------------------------------------------------------------------------- questions
RUBRIC_L1 = (
    "names a concrete stage of the lifecycle (考察期/形成期/稳定期/退化期) and what the customer does there",
    "proposes a service action for that stage that keeps or wins back the relationship",
    "weighs its cost against the customer's value (CLV, not only today's sale)",
    "uses an example (a firm of this chapter or one you know)",
)
RUBRIC_L1_ZH = (
    "指出生命周期的具体阶段（考察期/形成期/稳定期/退化期）以及客户在该阶段的表现",
    "提出该阶段能维系或赢回关系的服务行动",
    "将行动成本与客户价值（客户终生价值，而不只是眼前的一笔交易）相比较",
    "举出一个例子（本章的企业或你熟悉的企业）",
)
RUBRIC_L2 = (
    "says which customers you would serve less (or stop serving) and by which measure (CLV, segment)",
    "explains why from the customer's side as well as the firm's (perceived value, fairness)",
    "says how you would do it respectfully (self-service, cheaper channel, honest communication)",
    "names a risk (lost referrals, reputation, a growth customer misjudged) and how to check it",
)
RUBRIC_L2_ZH = (
    "说明你会减少（或停止）服务哪些客户，以及依据什么衡量（客户终生价值、细分）",
    "同时从客户和企业两方面解释原因（感知价值、公平）",
    "说明你会如何有尊重地做到（自助服务、更低成本的渠道、坦诚沟通）",
    "指出一个风险（失去口碑、声誉、误判成长型客户）以及如何检验",
)

QUESTIONS = [
    ChoiceQuestion(
        key="ex06.q1", hint=TEXT["delivered_or_perceived"],
        options={"delivered": Text("让渡价值 delivered value (objective, the firm)",
                                   "客户让渡价值（客观，企业视角）"),
                 "perceived": Text("感知价值 perceived value (subjective, the customer)",
                                   "感知价值（主观，客户视角）")},
        answer=lambda p: STATEMENTS[p.statement][1],
        why={"delivered": TEXT["why_delivered"], "perceived": TEXT["why_perceived"]},
    ),
    ChoiceQuestion(
        key="ex06.q2", hint=TEXT["pattern"], options=PATTERNS,
        answer=lambda p: PATTERN_STORIES[p.pattern_story][1],
        why={"early_abortion": Text("early abortion ends right after the first purchase",
                                    "早期流产型在第一次购买后不久就结束了"),
             "midterm_abortion": Text("mid-term abortion ends BEFORE the stable stage is reached",
                                      "中途夭折型在进入稳定期之前就结束了"),
             "early_exit": Text("early exit means the customer had reached the stable stage",
                                "提前退出型意味着客户曾经进入稳定期"),
             "long_term_retention": Text("long-term retention means the customer is still loyal",
                                         "长久保持型意味着客户至今仍然忠诚")},
    ),
    BoundariesQuestion(key="ex06.q3", hint=TEXT["boundaries"],
                       reference=lambda p: p.boundaries),
    PlotQuestion(key="ex06.q4", hint=TEXT["curve"], inspect=_inspect_curve),
    RfmQuestion(key="ex06.q5", hint=TEXT["rfm"], reference=rfm_cell),
    NumberQuestion(
        key="ex06.q6", hint=TEXT["nps"], reference=nps, atol=0.05,
        mistakes=[
            Mistake(Text("promoters answer 9 or 10 only: 7 and 8 are passives",
                         "推荐者只包括打 9 分或 10 分的人：7 分和 8 分属于被动者"),
                    lambda p: [nps(p, promoters_from=7), nps(p, promoters_from=8)]),
            Mistake(Text("detractors answer 0 to 6 (6 included)",
                         "贬损者是打 0 到 6 分的人（包括 6 分）"),
                    lambda p: [nps(p, detractors_to=5), nps(p, detractors_to=4)]),
            Mistake(Text("NPS subtracts the detractors' share from the promoters' share",
                         "NPS 要用推荐者的百分比减去贬损者的百分比"),
                    lambda p: 100 * (np.asarray(p.nps_scores) >= 9).mean()),
        ],
    ),
    NumberQuestion(
        key="ex06.q7", hint=TEXT["csat"], reference=csat, atol=0.05,
        mistakes=[
            Mistake(Text("satisfied means 4 OR 5 (not only 5)", "满意指 4 分或 5 分（不只是 5 分）"),
                    lambda p: csat(p, satisfied_from=5)),
            Mistake(Text("CSAT is the share of satisfied answers, not the mean score",
                         "CSAT 是满意回答所占的比例，而不是平均分"),
                    lambda p: [float(np.mean(p.csat_scores)),
                               float(np.mean(p.csat_scores)) * 20]),
            Mistake(Text("3 is neutral, not satisfied", "3 分表示中立，不算满意"),
                    lambda p: csat(p, satisfied_from=3)),
        ],
    ),
    ChoiceQuestion(
        key="ex06.q8", hint=TEXT["metric"], options=METRICS,
        answer=lambda p: METRIC_QUESTIONS[p.metric_question][1],
        why={"clv": Text("CLV is the value of the whole relationship in yuan, not an attitude or "
                         "one interaction",
                         "客户终生价值是整个关系期间以元计的价值，而不是一种态度，也不是一次互动"),
             "nps": Text("NPS measures the willingness to recommend, not satisfaction with one "
                         "interaction or a value in yuan",
                         "NPS 衡量的是推荐意愿，不是对一次互动的满意度，也不是以元计的价值"),
             "csat": Text("CSAT measures satisfaction with ONE interaction",
                          "CSAT 衡量的是对某一次互动的满意度")},
    ),
    NumberQuestion(
        key="ex06.q9", hint=TEXT["current"], reference=current_value,
        mistakes=[
            Mistake(Text("forgot the churn: weight each year by the retention r**t",
                         "忘了客户流失：每一年都要乘以保留率 r**t"),
                    lambda p: current_value(p, churn=False)),
            Mistake(Text("forgot discounting: divide year t by (1 + d)**t",
                         "忘了贴现：第 t 年要除以 (1 + d)**t"),
                    lambda p: current_value(p, discount=False)),
            Mistake(Text("revenue is not profit: apply the gross margin",
                         "收入不等于利润：要乘以毛利率"),
                    lambda p: current_value(p, margin=False)),
            Mistake(Text("that is the infinite horizon: the question asks for 5 years",
                         "这是无限期的结果：题目要求的是 5 年"),
                    lambda p: _clv.current_value(annual_revenue=p.annual_fee, margin=p.margin,
                                                 retention=p.retention,
                                                 discount_rate=p.discount_rate, horizon=None)),
        ],
    ),
    NumberQuestion(
        key="ex06.q10", hint=TEXT["ratio"], reference=clv_cac, atol=0.005,
        mistakes=[
            Mistake(Text("inverted: CLV divided by CAC",
                         "除反了：应该用客户终生价值除以客户获取成本"), lambda p: 1 / clv_cac(p)),
            Mistake(Text("use the CLV of Q9 (profit, churn, discounting), not revenue",
                         "要用 Q9 的客户终生价值（考虑利润、流失和贴现），而不是收入"),
                    lambda p: [5 * p.annual_fee / p.cac, p.annual_fee / p.cac]),
            Mistake(Text("a ratio, not a difference", "要的是比率，而不是差额"),
                    lambda p: current_value(p) - p.cac),
        ],
    ),
    ChoiceQuestion(
        key="ex06.q11", hint=TEXT["segment"], options=_ex04.SEGMENTS, answer=segment,
        why={"high_value": Text("high value needs BOTH values strictly above their cuts",
                                "高价值客户要求两种价值都严格高于各自的划分线"),
             "growth": Text("growth is low current and HIGH potential value: compare each value "
                            "with its own cut",
                            "成长型客户是当前价值低、潜在价值高：把每种价值分别与各自的划分线比较"),
             "watch": Text("watch is HIGH current and low potential value: compare each value "
                           "with its own cut",
                           "需警惕客户是当前价值高、潜在价值低：把每种价值分别与各自的划分线比较"),
             "low_value": Text("low value needs BOTH values at or below their cuts",
                               "低价值客户要求两种价值都不高于（小于或等于）各自的划分线")},
    ),
    ChoiceQuestion(
        key="ex06.q12", hint=TEXT["strategy"], options=_ex04.STRATEGIES,
        answer=lambda p: _ex04.SEGMENT_STRATEGY[segment(p)],
        why={"vip_care": Text("VIP care is for customers who are already valuable AND can grow",
                              "VIP 关怀适合已经很有价值、并且还能继续增长的客户"),
             "develop": Text("developing potential fits customers whose potential is high but "
                             "not yet realised",
                             "开发潜力适合潜在价值高、但尚未实现的客户"),
             "defend": Text("defending fits customers whose current value is high but cannot grow",
                            "守住当前价值适合当前价值高、但难以再增长的客户"),
             "low_cost": Text("low-cost service fits customers low on both values",
                              "低成本服务适合两种价值都低的客户")},
    ),
    ReflectionQuestion(
        key="ex06.q13", hint=TEXT["reflect_l1"], rubric=RUBRIC_L1, rubric_zh=RUBRIC_L1_ZH),
    ReflectionQuestion(
        key="ex06.q14", hint=TEXT["reflect_l1"], rubric=RUBRIC_L2, rubric_zh=RUBRIC_L2_ZH),
]

QUESTIONS = with_goals(QUESTIONS, {
    "ex06.q1": "K1", "ex06.q2": "A2", "ex06.q3": "A2", "ex06.q4": "A2", "ex06.q5": "K3",
    "ex06.q6": "K3", "ex06.q7": "K3", "ex06.q8": "K3", "ex06.q9": "A3", "ex06.q10": "K3",
    "ex06.q11": "K3", "ex06.q12": "L2", "ex06.q13": "L1", "ex06.q14": "L2"})

SPEC = register(ExerciseSpec(
    id="ex06",
    title=Text("Exercise 06 · New firms, end to end 迁移练习", "练习 06 · 迁移练习：新企业，全流程演练"),
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))

"""Bank of value-type cases 客户价值类型案例库 (exercise 01): Chinese firms students know.

Each student draws their own two cases (personalised by ``STUDENT_ID``). None paraphrases a
brand of the courseware's table (courseware ch. 6, 客户价值的分析与获取), so a case has to be
judged, not looked up: which of the six Maslow-based value types does this customer mainly get?

The student package holds each case's text in English and Chinese and its answer only as a
salted digest (:class:`~clvteach.exercises._core.Sealed`); the plain value type of every case
is in the grading key (``instructor/key/ex01.py``, ``CASE_TYPES``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ._core import Sealed

__all__ = ["ValueCase", "VALUE_CASES", "case_salt"]


@dataclass(frozen=True)
class ValueCase:
    """One case: a customer's reason to buy, in English and Chinese, and the sealed answer."""

    id: str
    firm: str
    firm_zh: str
    text: str
    text_zh: str
    answer: Sealed

    def describe(self, lang: str | None = None) -> str:
        """The case as a student reads it (``lang`` "en" or "zh"; default: the current
        language)."""
        if lang is None:
            from ..settings import get_language

            lang = get_language()
        if lang == "zh":
            return f"{self.firm_zh}：{self.text_zh}"
        return f"{self.firm} ({self.firm_zh}): {self.text}"


def case_salt(case_id: str) -> str:
    """The salt of one case's digest (one per case: equal answers do not look equal)."""
    return f"ex01:case:{case_id}"


VALUE_CASES: tuple[ValueCase, ...] = (
    ValueCase('v01', 'Midea', '美的',
              'Aunt Zhang buys a Midea rice cooker because it cooks the rice right every day and costs less than the other brands that do the same.',
              '张阿姨买美的电饭煲，因为它每天都能把饭煮好，价格又比同样好用的其他品牌低。',
              Sealed('ex01:case:v01', '4a15e1253e84944d65a1a176')),
    ValueCase('v02', 'Xiaomi', '小米',
              'Xiao Zhou buys a Xiaomi power bank because it fully charges her phone twice, never overheats and costs under 100 yuan.',
              '小周买小米充电宝，因为它能把手机充满两次、从不发烫，价格还不到100元。',
              Sealed('ex01:case:v02', 'f45e5141ed89a353d0234473')),
    ValueCase('v03', 'Gree', '格力',
              'A dormitory chooses a Gree air conditioner because it keeps the room cool all summer on a low electricity bill.',
              '一间宿舍选格力空调，因为整个夏天它都能让房间凉快，电费还低。',
              Sealed('ex01:case:v03', 'aff5169ceb352b5cef198ad8')),
    ValueCase('v04', 'Mixue', '蜜雪冰城',
              'After football, Xiao Liu buys a 4-yuan lemonade at Mixue: it is cold, quenches his thirst and is the cheapest drink on the street.',
              '踢完球，小刘在蜜雪冰城买一杯4元的柠檬水：冰凉、解渴，是整条街最便宜的饮品。',
              Sealed('ex01:case:v04', 'fcac97066d6e93de68887c64')),
    ValueCase('v05', 'Yunnan Baiyao', '云南白药',
              'Mr Sun keeps Yunnan Baiyao plasters at home because they stop small cuts bleeding quickly and cheaply.',
              '孙先生家里常备云南白药创可贴，因为它止血快，价格也便宜。',
              Sealed('ex01:case:v05', '74036b5d093b51dc06009be7')),
    ValueCase('v06', 'Pinduoduo', '拼多多',
              'A student buys paper towels on Pinduoduo because they do the job and are the lowest price she can find.',
              '一名学生在拼多多买抽纸，因为够用，而且是她能找到的最低价。',
              Sealed('ex01:case:v06', 'b9ea22f07764c765c7673123')),
    ValueCase('v07', 'Hema', '盒马',
              'Ms Qian orders groceries from Hema because they always arrive within 30 minutes and a bad item is refunded at once, no questions asked.',
              '钱女士在盒马买菜，因为总能在30分钟内送到，买到坏的商品马上退款、不问原因。',
              Sealed('ex01:case:v07', '9f20ab2624ecaec53461707f')),
    ValueCase('v08', 'Huawei', '华为',
              "When his Huawei phone's screen failed, the service centre repaired it the same day; Mr Zhou buys Huawei again because he knows problems get fixed fast.",
              '周先生的华为手机屏幕坏了，服务中心当天就修好；他再次选择华为，因为他知道出了问题能很快解决。',
              Sealed('ex01:case:v08', '57968294a976cb0126da07a0')),
    ValueCase('v09', 'Trip.com (Ctrip)', '携程',
              'At 2 a.m. her flight was cancelled and Trip.com rebooked her within minutes; since then Xiao Ma books every trip there.',
              '凌晨两点她的航班被取消，携程几分钟内就帮她改签；从那以后，小马每次出行都在携程预订。',
              Sealed('ex01:case:v09', 'd7ccca92af627151bc924f7b')),
    ValueCase('v10', 'China Merchants Bank', '招商银行',
              "Abroad, Ms He's card was blocked; the bank's 24-hour hotline unblocked it in ten minutes, so she knows she can count on it at any hour.",
              '何女士在国外时银行卡被冻结，招商银行24小时热线十分钟就帮她解冻，她知道任何时候都能依靠这家银行。',
              Sealed('ex01:case:v10', 'b0ba70061d5177a77b6a7afa')),
    ValueCase('v11', 'Meituan', '美团外卖',
              'Xiao Wu orders lunch on Meituan because the on-time guarantee pays him back whenever a delivery is late.',
              '小吴用美团外卖点午餐，因为有准时宝：只要送餐迟到就会赔付。',
              Sealed('ex01:case:v11', 'b18a14164c36f08303682cfb')),
    ValueCase('v12', 'Midea home service', '美的售后',
              "When the Lins' water heater leaked on a Sunday, Midea's technician came within two hours; they choose Midea again for that promise.",
              '林家的热水器周日漏水，美的师傅两小时内就上门；他们再次选择美的，就是看重这份承诺。',
              Sealed('ex01:case:v12', 'ed613b7d49ecebd1da356fdf')),
    ValueCase('v13', 'Pop Mart', '泡泡玛特',
              'Xiao Xu buys Pop Mart blind boxes to trade figures with the collectors in her chat group, who welcome every new find.',
              '小许买泡泡玛特盲盒，是为了和群聊里的收藏伙伴交换手办，大家都会为她的新收获欢呼。',
              Sealed('ex01:case:v13', '28e87ce5d293b0fd2b30f8a4')),
    ValueCase('v14', 'NIO', '蔚来',
              "Mr Tang chose a NIO car partly for the owners' events at NIO House, where he has made friends who share his interests.",
              '唐先生选择蔚来，部分是为了在蔚来中心参加车主活动，在那里他结识了志同道合的朋友。',
              Sealed('ex01:case:v14', 'a394e1baeee1712a35512b6f')),
    ValueCase('v15', 'Honor of Kings', '王者荣耀',
              'Xiao Yang plays Honor of Kings because all his roommates play it together every evening and he does not want to be left out.',
              '小杨玩王者荣耀，因为室友们每晚都一起开黑，他不想被落下。',
              Sealed('ex01:case:v15', '22e21801d9f1176df05b2d46')),
    ValueCase('v16', 'Li-Ning', '李宁',
              'Everyone in the university basketball club wears Li-Ning, so Xiao Gao buys the same hoodie to look like one of the team.',
              '学校篮球社的人都穿李宁，小高也买了同款卫衣，好让自己看起来是队里的一员。',
              Sealed('ex01:case:v16', '623b3dd2d73b66a05892d934')),
    ValueCase('v17', 'Luckin Coffee', '瑞幸咖啡',
              "The day the Luckin × Moutai latte came out, all of Xiao Bai's friends posted it on Moments, so she bought one to join the conversation.",
              '瑞幸和茅台联名的酱香拿铁上市那天，小白的朋友们都在朋友圈晒图，她也买了一杯好加入话题。',
              Sealed('ex01:case:v17', '23d3fe3e36447dca6ad02318')),
    ValueCase('v18', 'Xiaohongshu', '小红书',
              'Xiao Lu posts her outfits on Xiaohongshu because her followers comment and she feels part of a circle with the same taste.',
              '小陆在小红书上发穿搭，因为粉丝会评论，她觉得自己属于一个品味相投的圈子。',
              Sealed('ex01:case:v18', 'eff7965348ad4d76897bed69')),
    ValueCase('v19', 'DJI', '大疆',
              'Xiao Han bought a DJI drone because its app and tutorials teach him aerial photography step by step, and each flight he masters a new shot.',
              '小韩买了大疆无人机，因为它的应用和教程一步步教他航拍，每次飞行他都能掌握一个新镜头。',
              Sealed('ex01:case:v19', '932f26bb02e7d60d8ee237d1')),
    ValueCase('v20', 'Dedao', '得到',
              'Ms Cao pays for Dedao every year because its courses help her understand economics and grow in her job.',
              '曹女士每年都为得到付费，因为它的课程帮助她理解经济学、在工作中成长。',
              Sealed('ex01:case:v20', 'ef451c02dd5a7d9847c0610f')),
    ValueCase('v21', 'iFLYTEK', '科大讯飞',
              "Parents buy an iFLYTEK learning tablet because it finds their child's weak points and gives exercises that help him master them.",
              '家长买科大讯飞学习机，因为它能找出孩子的薄弱点，并出题帮助孩子掌握。',
              Sealed('ex01:case:v21', 'f7174293eb71ea5c7c05894d')),
    ValueCase('v22', 'Bilibili', '哔哩哔哩',
              'Xiao Deng pays for Bilibili premium courses because the programming videos let him learn Python at his own pace.',
              '小邓购买哔哩哔哩的付费课程，因为编程视频能让他按自己的节奏学习Python。',
              Sealed('ex01:case:v22', 'd28cf22acb3b358f81b8d932')),
    ValueCase('v23', 'Shanbay', '扇贝单词',
              'Xiao Fang uses Shanbay every morning because its spaced review lets her master 30 new English words a day.',
              '小方每天早上用扇贝单词，因为它的间隔复习让她每天掌握30个新英语单词。',
              Sealed('ex01:case:v23', 'cb8207a009eb7ed94d705bcd')),
    ValueCase('v24', 'Xiaomi Mijia kits', '米家积木机器人',
              'A father buys a Mijia building-block robot so that his daughter can learn to program it and discover how machines work.',
              '一位父亲买了米家积木机器人，好让女儿学习编程，探索机器是怎样工作的。',
              Sealed('ex01:case:v24', '55d55edd11b841ad857e851f')),
    ValueCase('v25', 'Florasis', '花西子',
              'Xiao Jiang buys a Florasis lipstick because the carved case is so beautiful that opening it is a small pleasure.',
              '小江买花西子口红，因为雕花外壳太美了，每次打开都是一种小小的享受。',
              Sealed('ex01:case:v25', 'bc3f0540c961d0a730d0040c')),
    ValueCase('v26', 'Palace Museum shop', '故宫文创',
              'Ms Yao buys a Palace Museum calendar because its design, with paintings from the collection, is a delight on her desk.',
              '姚女士买故宫文创日历，因为它以馆藏画作为设计，放在书桌上赏心悦目。',
              Sealed('ex01:case:v26', 'f686d6f6727a90c7d0151ae6')),
    ValueCase('v27', 'Sexytea', '茶颜悦色',
              'Visitors to Changsha queue at Sexytea partly because the Chinese-style cups and shops are lovely to look at.',
              '到长沙的游客在茶颜悦色排队，部分原因是它国风的杯子和门店设计非常好看。',
              Sealed('ex01:case:v27', '7e652fe05803e08f05b988ee')),
    ValueCase('v28', 'Nongfu Spring glass bottle', '农夫山泉玻璃瓶',
              "Xiao Cui pays more for Nongfu Spring's glass-bottle water because the bottle's design looks beautiful on the dinner table.",
              '小崔愿意多花钱买农夫山泉玻璃瓶装水，因为瓶身设计摆在餐桌上很好看。',
              Sealed('ex01:case:v28', '08c962588613ffc4b852601e')),
    ValueCase('v29', 'HEYTEA', '喜茶',
              'Xiao Zeng goes to the HEYTEA shop downtown because its clean, bright interior and elegant cups make the visit a pleasure.',
              '小曾去市中心的喜茶门店，因为简洁明亮的装修和精致的杯子让这次消费成为一种享受。',
              Sealed('ex01:case:v29', '6a9f58174cff04f878bea5c1')),
    ValueCase('v30', 'Atour hotel', '亚朵酒店',
              'On business trips Mr Lu picks Atour because the calm design of the rooms and the feel of the bedding make the stay a pleasure.',
              '出差时陆先生选择亚朵，因为房间沉静的设计和床品的触感让入住成为享受。',
              Sealed('ex01:case:v30', '6cb39a516f3b8c5e1310eb83')),
    ValueCase('v31', 'Alipay Ant Forest', '支付宝蚂蚁森林',
              'Xiao Lei collects green-energy points in Ant Forest every day because real trees get planted and she wants to help protect the environment.',
              '小雷每天在蚂蚁森林收能量，因为会种下真正的树，她希望为保护环境出一份力。',
              Sealed('ex01:case:v31', '5d3de4fab3289cf74195d13f')),
    ValueCase('v32', 'Erke', '鸿星尔克',
              'After Erke donated to flood relief, Mr Hou bought its shoes to support a firm whose values match his own.',
              '鸿星尔克为洪灾捐款后，侯先生购买它的鞋，支持一家价值观与自己一致的企业。',
              Sealed('ex01:case:v32', '9f89df77335530b55829c22c')),
    ValueCase('v33', 'Tencent 99 Giving Day', '腾讯公益99公益日',
              "Every September Xiao Shi donates on Tencent's 99 Giving Day because taking part in charity makes her feel she is doing something that matters.",
              '每年九月小石都会在腾讯99公益日捐款，因为参与公益让她觉得自己在做有意义的事。',
              Sealed('ex01:case:v33', '77fc4ff14e0bc243247e0464')),
    ValueCase('v34', 'Xiaomi HyperOS beta community', '小米社区内测',
              'Xiao Kong joins the Xiaomi beta community to test new system features and see his suggestions built into the next version.',
              '小孔加入小米社区内测，测试新系统功能，并看到自己的建议被写进下一个版本。',
              Sealed('ex01:case:v34', '1e9b42f005240d4d19c829bc')),
    ValueCase('v35', 'BYD', '比亚迪',
              'Mr Wei chose a BYD electric car because he wants his own life to help cut emissions, as he believes everyone should.',
              '魏先生选择比亚迪电动车，因为他希望自己的生活方式能帮助减少排放，他相信每个人都应该这样做。',
              Sealed('ex01:case:v35', '564fbfcb5cd763824ff35e29')),
    ValueCase('v36', 'Xianyu', '闲鱼',
              'Xiao Qin buys and sells second-hand on Xianyu because she believes in reducing waste and wants her shopping to express that.',
              '小秦在闲鱼上买卖二手物品，因为她认同减少浪费，希望自己的消费体现这一理念。',
              Sealed('ex01:case:v36', '2cbba6e53ce0aa9b6f4fd42d')),
)

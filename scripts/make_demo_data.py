#!/usr/bin/env python3
"""Generate QA Desk's demo data set into ``resources/demo/`` (deterministic: same bytes every run).

    python scripts/make_demo_data.py [--out DIR] [--realdata DIR]

What it writes:

- ``conversations.jsonl.gz``: support conversations from August to October 2026 in the native JSONL
  import format (README, "Native JSONL"), handled by 25 agents in 3 teams of a support outsourcer,
  "Brightline", for three clients: an online store (Meridian), a bank (Harper Valley National Bank)
  and a coffee chain's order-ahead chat (Coffee Bar);
- ``reviews.jsonl.gz``: past QA reviews of some of them against the shipped rubrics ``support-core``
  and ``small-team``, one JSON object per line (see ``qa_desk/demo.py``, which loads both);
- ``users.json``: the QA reviewers, a coach and a manager;
- ``coaching.json``: the coach's one-on-ones with six agents: the reviews discussed, notes and
  action items (some done, some open, some past their due day).

The English conversations of the bank and the coffee chain, and a few store chats, are real
dialogue text from public corpora (``--realdata``, default ``../shared/realdata`` beside the
repository): Schema-Guided Dialogue (CC BY-SA 4.0), Taskmaster-4 (CC BY 4.0), Harper Valley Bank
call transcripts (Apache-2.0) and ABCD (MIT); ``resources/demo/NOTICE.md`` lists what was used and
changed. Everything else (store conversations in English, Ukrainian, Russian, Chinese and Arabic,
names, timestamps, CSAT, tags and the reviews) is written by this script from the phrase banks
below, driven by one seeded random generator per part, so the output only changes when the script
does.

Each conversation is generated from a *behaviour* (did the agent greet and give their name, check
two identifiers, set a clear next step, ...) drawn from the agent's skill profile; the text shows
that behaviour and the reviews rate it, so ratings agree with what a reader sees in the transcript.
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import os
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "resources" / "demo"
DEFAULT_REALDATA = ROOT.parent / "shared" / "realdata"
SEED = "qa-desk-demo-2026"
FIRST_DAY = date(2026, 8, 1)
LAST_DAY = date(2026, 10, 31)
DOMAIN = "brightline.example"

# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

TEAM_EN = "Tier 1 English"
TEAM_EE = "Eastern Europe"
TEAM_AM = "APAC & MENA"


@dataclass
class AgentProfile:
    """A support agent and how well they work: ``skill`` 0–1, criteria they are weak or strong
    on, a weekly trend, a weakness fixed by coaching on a date, and their first working day."""

    key: str
    name: str
    gender: str
    team: str
    zone: str
    languages: tuple[str, ...]
    native: dict[str, str]
    skill: float
    weak: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    slope: float = 0.0
    fixed: dict[str, date] = field(default_factory=dict)
    start: date = FIRST_DAY

    @property
    def first(self) -> str:
        return self.name.split()[0]

    @property
    def email(self) -> str:
        return self.name.lower().replace("'", "").replace(" ", ".") + "@" + DOMAIN

    def record(self) -> dict[str, str]:
        return {"id": self.key, "name": self.name, "email": self.email}

    def first_in(self, lang: str) -> str:
        return self.native.get(lang, self.first)


def _en(first: str) -> dict[str, str]:
    return {"en": first}


AGENTS: list[AgentProfile] = [
    # Tier 1 English (New York): the store in English, the bank, the coffee chain.
    AgentProfile("bl-101", "Robert Hayes", "m", TEAM_EN, "ny", ("en",), _en("Robert"), 0.86),
    AgentProfile("bl-102", "Jennifer Brooks", "f", TEAM_EN, "ny", ("en",), _en("Jennifer"), 0.8,
                 weak=("data_protection",), fixed={"data_protection": date(2026, 9, 14)}),
    AgentProfile("bl-103", "Maria Lopez", "f", TEAM_EN, "ny", ("en",), _en("Maria"), 0.94),
    AgentProfile("bl-104", "James Carter", "m", TEAM_EN, "ny", ("en",), _en("James"), 0.72,
                 weak=("clarity", "expectations")),
    AgentProfile("bl-105", "Priya Nair", "f", TEAM_EN, "ny", ("en",), _en("Priya"), 0.86,
                 weak=("empathy",)),
    AgentProfile("bl-106", "Tom Becker", "m", TEAM_EN, "ny", ("en",), _en("Tom"), 0.74,
                 weak=("greeting", "closing", "grammar"), slope=-0.025),
    AgentProfile("bl-107", "Aisha Bello", "f", TEAM_EN, "ny", ("en",), _en("Aisha"), 0.77,
                 weak=("empathy", "discovery")),
    AgentProfile("bl-108", "Kevin O'Brien", "m", TEAM_EN, "ny", ("en",), _en("Kevin"), 0.6,
                 weak=("process",), slope=0.045, start=date(2026, 8, 17)),
    AgentProfile("bl-109", "Sarah Mitchell", "f", TEAM_EN, "ny", ("en",), _en("Sarah"), 0.89),
    AgentProfile("bl-110", "Daniel Kim", "m", TEAM_EN, "ny", ("en",), _en("Daniel"), 0.75,
                 weak=("process", "expectations")),
    # Eastern Europe (Kyiv): the store in Ukrainian and Russian.
    AgentProfile("bl-201", "Iryna Bondarenko", "f", TEAM_EE, "kyiv", ("uk", "ru"),
                 {"uk": "Ірина", "ru": "Ирина"}, 0.88),
    AgentProfile("bl-202", "Dmytro Melnyk", "m", TEAM_EE, "kyiv", ("uk", "ru"),
                 {"uk": "Дмитро", "ru": "Дмитрий"}, 0.75, weak=("expectations",)),
    AgentProfile("bl-203", "Maryna Tkachenko", "f", TEAM_EE, "kyiv", ("uk", "ru"),
                 {"uk": "Марина", "ru": "Марина"}, 0.94),
    AgentProfile("bl-204", "Andrii Kravchenko", "m", TEAM_EE, "kyiv", ("uk", "ru"),
                 {"uk": "Андрій", "ru": "Андрей"}, 0.68, weak=("data_protection", "tone")),
    AgentProfile("bl-205", "Viktoriia Shevchuk", "f", TEAM_EE, "kyiv", ("uk", "ru"),
                 {"uk": "Вікторія", "ru": "Виктория"}, 0.8, weak=("grammar",)),
    AgentProfile("bl-206", "Maksym Lysenko", "m", TEAM_EE, "kyiv", ("uk", "ru"),
                 {"uk": "Максим", "ru": "Максим"}, 0.58, slope=0.04, start=date(2026, 8, 10)),
    AgentProfile("bl-207", "Anna Savchenko", "f", TEAM_EE, "kyiv", ("uk", "ru"),
                 {"uk": "Анна", "ru": "Анна"}, 0.85, strong=("empathy",)),
    AgentProfile("bl-208", "Roman Petrenko", "m", TEAM_EE, "kyiv", ("uk", "ru"),
                 {"uk": "Роман", "ru": "Роман"}, 0.76, weak=("closing",)),
    # APAC & MENA: the store in Chinese (Shanghai) and Arabic (Dubai).
    AgentProfile("bl-301", "Wang Fang", "f", TEAM_AM, "shanghai", ("zh",), {"zh": "王芳"}, 0.9),
    AgentProfile("bl-302", "Li Wei", "m", TEAM_AM, "shanghai", ("zh",), {"zh": "李伟"}, 0.77),
    AgentProfile("bl-303", "Zhang Min", "f", TEAM_AM, "shanghai", ("zh",), {"zh": "张敏"}, 0.72,
                 weak=("discovery",)),
    AgentProfile("bl-304", "Chen Jie", "m", TEAM_AM, "shanghai", ("zh",), {"zh": "陈杰"}, 0.84),
    AgentProfile("bl-305", "Layla Haddad", "f", TEAM_AM, "dubai", ("ar",), {"ar": "ليلى"}, 0.9),
    AgentProfile("bl-306", "Omar Khalil", "m", TEAM_AM, "dubai", ("ar",), {"ar": "عمر"}, 0.75,
                 weak=("process",)),
    AgentProfile("bl-307", "Yousef Al-Masri", "m", TEAM_AM, "dubai", ("ar",), {"ar": "يوسف"},
                 0.68, weak=("data_protection", "clarity"), slope=0.02),
]  # fmt: skip
AGENT_BY_FIRST = {a.first: a for a in AGENTS}


@dataclass(frozen=True)
class Staff:
    name: str
    role: str
    languages: tuple[str, ...]
    zone: str
    severity: float = 0.0  # added to subjective ratings: below 0 strict, above 0 lenient

    @property
    def email(self) -> str:
        return self.name.lower().replace(" ", ".") + "@" + DOMAIN


REVIEWERS = [
    Staff("Hannah Weber", "reviewer", ("en", "de"), "berlin", -0.7),
    Staff("Kateryna Savchuk", "reviewer", ("uk", "ru", "en"), "kyiv", 0.0),
    Staff("Mei Lin Tan", "reviewer", ("zh", "en"), "shanghai", -0.2),
    Staff("Nadia Rahman", "reviewer", ("ar", "en"), "dubai", 0.6),
]
OTHER_STAFF = [
    Staff("Peter Novak", "coach", ("en", "uk"), "berlin"),
    Staff("Grace Okafor", "manager", ("en",), "berlin"),
]


@dataclass(frozen=True)
class Customer:
    key: str
    name: str  # full name as the customer writes it
    first: str  # first name (native script)
    addr: str  # how an agent addresses them in their language
    gender: str
    email: str
    phone4: str


# (first name, Latin, gender, vocative) for Ukrainian; surnames ending -енко/-ук/-ник do not
# change with gender.
UK_FIRST = [
    ("Олена", "olena", "f", "Олено"), ("Оксана", "oksana", "f", "Оксано"),
    ("Ірина", "iryna", "f", "Ірино"), ("Наталія", "nataliia", "f", "Наталіє"),
    ("Тетяна", "tetiana", "f", "Тетяно"), ("Марія", "mariia", "f", "Маріє"),
    ("Юлія", "yuliia", "f", "Юліє"), ("Світлана", "svitlana", "f", "Світлано"),
    ("Катерина", "kateryna", "f", "Катерино"), ("Софія", "sofiia", "f", "Софіє"),
    ("Галина", "halyna", "f", "Галино"), ("Людмила", "liudmyla", "f", "Людмило"),
    ("Андрій", "andrii", "m", "Андрію"), ("Олександр", "oleksandr", "m", "Олександре"),
    ("Дмитро", "dmytro", "m", "Дмитре"), ("Сергій", "serhii", "m", "Сергію"),
    ("Максим", "maksym", "m", "Максиме"), ("Тарас", "taras", "m", "Тарасе"),
    ("Богдан", "bohdan", "m", "Богдане"), ("Юрій", "yurii", "m", "Юрію"),
    ("Василь", "vasyl", "m", "Василю"), ("Ігор", "ihor", "m", "Ігорю"),
    ("Олег", "oleh", "m", "Олегу"), ("Петро", "petro", "m", "Петре"),
]  # fmt: skip
UK_LAST = [
    ("Шевченко", "shevchenko"), ("Коваленко", "kovalenko"), ("Бондаренко", "bondarenko"),
    ("Ткаченко", "tkachenko"), ("Кравченко", "kravchenko"), ("Олійник", "oliinyk"),
    ("Мельник", "melnyk"), ("Поліщук", "polishchuk"), ("Савченко", "savchenko"),
    ("Руденко", "rudenko"), ("Марченко", "marchenko"), ("Гончаренко", "honcharenko"),
    ("Левченко", "levchenko"), ("Ковальчук", "kovalchuk"), ("Павленко", "pavlenko"),
    ("Литвиненко", "lytvynenko"), ("Кузьменко", "kuzmenko"), ("Романюк", "romaniuk"),
]  # fmt: skip
RU_FIRST = [
    ("Анна", "anna", "f"), ("Екатерина", "ekaterina", "f"), ("Мария", "maria", "f"),
    ("Ольга", "olga", "f"), ("Татьяна", "tatiana", "f"), ("Наталья", "natalia", "f"),
    ("Елена", "elena", "f"), ("Светлана", "svetlana", "f"), ("Ирина", "irina", "f"),
    ("Юлия", "yulia", "f"), ("Ксения", "ksenia", "f"), ("Дарья", "daria", "f"),
    ("Алексей", "aleksei", "m"), ("Дмитрий", "dmitry", "m"), ("Сергей", "sergei", "m"),
    ("Андрей", "andrei", "m"), ("Михаил", "mikhail", "m"), ("Иван", "ivan", "m"),
    ("Николай", "nikolai", "m"), ("Павел", "pavel", "m"), ("Артём", "artem", "m"),
    ("Владимир", "vladimir", "m"), ("Евгений", "evgeny", "m"), ("Константин", "konstantin", "m"),
]  # fmt: skip
RU_LAST = [  # (masculine, feminine, Latin)
    ("Иванов", "Иванова", "ivanov"), ("Смирнов", "Смирнова", "smirnov"),
    ("Кузнецов", "Кузнецова", "kuznetsov"), ("Попов", "Попова", "popov"),
    ("Соколов", "Соколова", "sokolov"), ("Лебедев", "Лебедева", "lebedev"),
    ("Морозов", "Морозова", "morozov"), ("Волков", "Волкова", "volkov"),
    ("Новиков", "Новикова", "novikov"), ("Фёдоров", "Фёдорова", "fedorov"),
    ("Павлов", "Павлова", "pavlov"), ("Козлов", "Козлова", "kozlov"),
    ("Егоров", "Егорова", "egorov"), ("Орлов", "Орлова", "orlov"),
]  # fmt: skip
ZH_LAST = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"),
]  # fmt: skip
ZH_FIRST = [
    ("芳", "fang", "f"), ("娜", "na", "f"), ("静", "jing", "f"), ("婷", "ting", "f"),
    ("丽", "li", "f"), ("雪", "xue", "f"), ("欣怡", "xinyi", "f"), ("雨萱", "yuxuan", "f"),
    ("佳怡", "jiayi", "f"), ("晓燕", "xiaoyan", "f"), ("伟", "wei", "m"), ("强", "qiang", "m"),
    ("磊", "lei", "m"), ("洋", "yang", "m"), ("杰", "jie", "m"), ("浩然", "haoran", "m"),
    ("子轩", "zixuan", "m"), ("俊杰", "junjie", "m"), ("建华", "jianhua", "m"),
    ("志明", "zhiming", "m"),
]  # fmt: skip
AR_FIRST = [
    ("محمد", "mohammed", "m"), ("أحمد", "ahmed", "m"), ("خالد", "khalid", "m"),
    ("عمر", "omar", "m"), ("يوسف", "youssef", "m"), ("علي", "ali", "m"), ("سعيد", "saeed", "m"),
    ("فهد", "fahad", "m"), ("طارق", "tariq", "m"), ("حسن", "hassan", "m"),
    ("عبدالله", "abdullah", "m"), ("ماجد", "majed", "m"), ("فاطمة", "fatima", "f"),
    ("مريم", "maryam", "f"), ("نورة", "noura", "f"), ("سارة", "sara", "f"), ("ليلى", "layla", "f"),
    ("هدى", "huda", "f"), ("رنا", "rana", "f"), ("أمل", "amal", "f"), ("ريم", "reem", "f"),
    ("دانة", "dana", "f"), ("شيماء", "shaimaa", "f"), ("لينا", "lina", "f"),
]  # fmt: skip
AR_LAST = [
    ("العتيبي", "alotaibi"), ("الحربي", "alharbi"), ("الزهراني", "alzahrani"),
    ("القحطاني", "alqahtani"), ("الشمري", "alshammari"), ("المنصوري", "almansouri"),
    ("الهاشمي", "alhashimi"), ("النعيمي", "alnuaimi"), ("الكعبي", "alkaabi"), ("حداد", "haddad"),
    ("خوري", "khoury"), ("السويدي", "alsuwaidi"), ("الأحمد", "alahmad"), ("البلوشي", "albalushi"),
]  # fmt: skip
EN_FIRST = [
    ("Emily", "f"), ("Jessica", "f"), ("Ashley", "f"), ("Megan", "f"), ("Laura", "f"),
    ("Rachel", "f"), ("Olivia", "f"), ("Chloe", "f"), ("Natalie", "f"), ("Lauren", "f"),
    ("Katie", "f"), ("Amanda", "f"), ("Rebecca", "f"), ("Sophie", "f"), ("Nicole", "f"),
    ("Ana", "f"), ("Michael", "m"), ("David", "m"), ("Chris", "m"), ("Matthew", "m"),
    ("Andrew", "m"), ("Ryan", "m"), ("Josh", "m"), ("Brian", "m"), ("Eric", "m"), ("Justin", "m"),
    ("Tyler", "m"), ("Jason", "m"), ("Mark", "m"), ("Steven", "m"), ("Luis", "m"), ("Carlos", "m"),
]  # fmt: skip
EN_LAST = (
    "Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Wilson Anderson Taylor "
    "Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Walker Young Allen Wright "
    "Scott Green Baker Nelson Hill Ramirez Campbell Patel Nguyen Murphy Rivera Cooper"
).split()
MAIL_DOMAINS = ["example.com", "example.net", "example.org"]


def make_customer(rng: random.Random, lang: str, key: str) -> Customer:
    phone4 = f"{rng.randrange(10000):04d}"
    if lang == "uk":
        first, latin, gender, vocative = rng.choice(UK_FIRST)
        last, last_latin = rng.choice(UK_LAST)
        name, addr = f"{first} {last}", vocative
    elif lang == "ru":
        first, latin, gender = rng.choice(RU_FIRST)
        masc, fem, last_latin = rng.choice(RU_LAST)
        name, addr = f"{first} {masc if gender == 'm' else fem}", first
        last_latin += "a" if gender == "f" else ""
    elif lang == "zh":
        last, last_latin = rng.choice(ZH_LAST)
        first, latin, gender = rng.choice(ZH_FIRST)
        name, addr = last + first, last + ("先生" if gender == "m" else "女士")
    elif lang == "ar":
        first, latin, gender = rng.choice(AR_FIRST)
        last, last_latin = rng.choice(AR_LAST)
        name, addr = f"{first} {last}", first
    else:
        first, gender = rng.choice(EN_FIRST)
        last = rng.choice(EN_LAST)
        latin, last_latin, name, addr = first.lower(), last.lower(), f"{first} {last}", first
    style = rng.randrange(4)
    if style == 0:
        local = f"{latin}.{last_latin}"
    elif style == 1:
        local = f"{latin[0]}{last_latin}{rng.randrange(10, 99)}"
    elif style == 2:
        local = f"{latin}{rng.randrange(1970, 2006)}"
    else:
        local = f"{latin}_{last_latin[:3]}"
    email = f"{local}@{rng.choice(MAIL_DOMAINS)}"
    return Customer(key, name, first, addr, gender, email, phone4)


# ---------------------------------------------------------------------------------------------
# Phrase banks. Placeholders: {addr} how the agent addresses the customer, {agent} the agent's
# first name, {cust} the customer's full name, {email}, {phone4}, {order}, {amount}, {item},
# {weekday}, {days}. ⟨male|female⟩ follows the speaker's gender, ⟪male|female⟫ the addressee's.
# ---------------------------------------------------------------------------------------------

TOPIC_META: dict[str, dict[str, Any]] = {
    "delivery": {"account": True, "pending": True, "tags": ["delivery", "order-status"], "queue": "Orders",
                 "done": "Checked tracking with the carrier: delayed at the sorting centre, priority requested.",
                 "handover": "Carrier claim opened, waiting for the carrier's answer."},
    "refund": {"account": True, "pending": True, "tags": ["refund", "returns"], "queue": "Returns",
               "done": "Return received and inspected, refund issued.",
               "handover": "Return at the warehouse but no refund triggered; passed to finance."},
    "login": {"account": True, "pending": True, "tags": ["login", "account"], "queue": "Account", "breach": "password",
              "subjects_for_open": {0: [0, 2], 1: [0, 1]},  # the reset e-mail subject goes with the second opening
              "done": "Account locked after failed logins; unlocked, reset link sent.",
              "handover": "Reset e-mails not arriving; passed to the identity team."},
    "billing": {"account": True, "pending": True, "tags": ["billing", "payment"], "queue": "Payments", "breach": "card",
                "done": "Duplicate authorisation found at the payment provider, voided.",
                "handover": "Possible duplicate charge; passed to billing to check with the payment provider."},
    "cancel": {"account": True, "pending": True, "tags": ["cancellation", "order-change"], "queue": "Orders",
               "done": "Order cancelled before picking.",
               "handover": "Asked the warehouse to stop the order; waiting for their confirmation."},
    "policy": {"account": False, "pending": False, "tags": ["returns-policy", "pre-sales"], "queue": "General",
               "done": "Pre-sales question, no account data discussed.",
               "handover": "Pre-sales question, no account data discussed."},
}  # fmt: skip

# Internal jargon an agent may paste instead of plain words (clarity "fair"/"poor"), and what it
# means when the customer asks. Only used after a correct answer, which the jargon restates.
JARGON: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "delivery": ("The WMS shows it as RTS and it's with the 3PL now, pending the carrier scan.",
                     "It means the parcel has left our warehouse and is with the delivery company, waiting to be scanned."),
        "refund": ("The RMA is closed in the WMS and the refund is pushed to the PSP.",
                   "It means your return is fully processed and the payment company is sending the money back."),
        "login": ("The account had a hard lock after 5 failed auths, so I reset the SSO token.",
                  "It means the account was blocked after several wrong passwords and I've unblocked it."),
        "billing": ("The PSP shows a dup auth, it's voided in the BO now.",
                    "It means the bank was asked for the money twice by mistake, and I've cancelled the second request."),
        "cancel": ("The order was still in pre-pick status, so the OMS let me void it.",
                   "It means the warehouse hadn't started packing it, so I could cancel it."),
        "policy": ("Sale SKUs follow the standard RMA flow, except the hygiene category.",
                   "It means discounted items are returned the same way as any other item, except underwear and earrings."),
    },
    "uk": {
        "delivery": ("У WMS статус RTS, посилка вже в 3PL, чекаємо скан перевізника.",
                     "Тобто посилка вже виїхала з нашого складу і чекає на сканування у служби доставки."),
        "refund": ("RMA закрито в WMS, рефанд передано в PSP.",
                   "Тобто повернення повністю оброблене, і платіжна система вже повертає вам гроші."),
        "login": ("Акаунт мав hard lock після 5 невдалих авторизацій, я ⟨скинув|скинула⟩ SSO-токен.",
                  "Тобто акаунт заблокувався після кількох неправильних паролів, і я його ⟨розблокував|розблокувала⟩."),
        "billing": ("У PSP видно дубль авторизації, в адмінці я її вже ⟨войднув|войднула⟩.",
                    "Тобто банк помилково двічі запросив оплату, і другий запит я ⟨скасував|скасувала⟩."),
        "cancel": ("Замовлення ще було в статусі pre-pick, тож OMS дала його скасувати.",
                   "Тобто склад ще не почав його збирати, тому скасувати вдалося."),
        "policy": ("SKU з розпродажу йдуть за стандартним RMA-флоу, крім гігієнічної категорії.",
                   "Тобто товари зі знижкою повертаються так само, як і всі інші, крім білизни та сережок."),
    },
    "ru": {
        "delivery": ("В WMS статус RTS, посылка уже у 3PL, ждём скан перевозчика.",
                     "То есть посылка уже уехала с нашего склада и ждёт сканирования в службе доставки."),
        "refund": ("RMA закрыт в WMS, рефанд передан в PSP.",
                   "То есть возврат полностью обработан, и платёжная система уже возвращает вам деньги."),
        "login": ("У аккаунта был hard lock после 5 неудачных авторизаций, я ⟨сбросил|сбросила⟩ SSO-токен.",
                  "То есть аккаунт заблокировался после нескольких неверных паролей, и я его ⟨разблокировал|разблокировала⟩."),
        "billing": ("В PSP виден дубль авторизации, в админке я её уже ⟨войднул|войднула⟩.",
                    "То есть банк по ошибке дважды запросил оплату, и второй запрос я ⟨отменил|отменила⟩."),
        "cancel": ("Заказ ещё был в статусе pre-pick, так что OMS дала его отменить.",
                   "То есть склад ещё не начал его собирать, поэтому отменить получилось."),
        "policy": ("SKU с распродажи идут по стандартному RMA-флоу, кроме гигиенической категории.",
                   "То есть товары со скидкой возвращаются так же, как и все остальные, кроме белья и серёг."),
    },
    "zh": {
        "delivery": ("WMS里状态是RTS，已经交给3PL了，等承运商扫描。", "意思是包裹已经离开我们的仓库，正在等快递公司扫描揽收。"),
        "refund": ("RMA在WMS里已经关单，退款已推送到PSP。", "意思是您的退货已经处理完毕，支付公司正在把钱退回给您。"),
        "login": ("账户5次鉴权失败触发了硬锁，我已经重置了SSO令牌。", "意思是账户因为多次输错密码被锁了，我已经帮您解锁。"),
        "billing": ("PSP那边显示重复预授权，我已经在后台作废了。", "意思是系统误向银行发起了两次扣款请求，第二次我已经取消了。"),
        "cancel": ("订单还在拣货前状态，所以OMS允许作废。", "意思是仓库还没开始打包，所以可以取消。"),
        "policy": ("促销SKU走标准RMA流程，卫生类除外。", "意思是打折商品和其他商品的退货方式一样，只有内衣和耳环除外。"),
    },
    "ar": {
        "delivery": ("الحالة في WMS هي RTS والشحنة لدى 3PL، بانتظار مسح شركة الشحن.",
                     "أي أن الشحنة غادرت مستودعنا وهي الآن لدى شركة الشحن بانتظار تسجيلها."),
        "refund": ("تم إغلاق RMA في WMS وإرسال الاسترداد إلى PSP.",
                   "أي أن المرتجع تمت معالجته بالكامل، وشركة الدفع تعيد المبلغ إليك الآن."),
        "login": ("الحساب عليه hard lock بعد 5 محاولات مصادقة فاشلة، وقد أعدت ضبط رمز SSO.",
                  "أي أن الحساب قُفل بعد إدخال كلمة مرور خاطئة عدة مرات، وقد ألغيت القفل."),
        "billing": ("يظهر في PSP تفويض مكرر، وقد ألغيته من لوحة التحكم.",
                    "أي أن النظام طلب المبلغ من البنك مرتين بالخطأ، وقد ألغيت الطلب الثاني."),
        "cancel": ("الطلب كان في حالة pre-pick، لذلك سمح OMS بإلغائه.",
                   "أي أن المستودع لم يبدأ بتجهيزه بعد، لذلك أمكن إلغاؤه."),
        "policy": ("منتجات التخفيضات تتبع مسار RMA العادي باستثناء فئة المنتجات الصحية.",
                   "أي أن المنتجات المخفضة تُرجع بالطريقة نفسها مثل غيرها، باستثناء الملابس الداخلية والأقراط."),
    },
}  # fmt: skip
GREETING_AT_START = re.compile(
    r"^(Hi|Hello|Hey|Добрий день|Вітаю|Здравствуйте|Добрый день|你好|您好|مرحباً|السلام عليكم)[,.!،！，]?\s*"
)
TOPIC_WEIGHTS = {
    "delivery": 30,
    "refund": 20,
    "login": 12,
    "billing": 12,
    "cancel": 14,
    "policy": 12,
}

GENERAL: dict[str, dict[str, Any]] = {}
TOPICS: dict[str, dict[str, dict[str, Any]]] = {}

GENERAL["en"] = {
    "bot_name": "Meridian Assistant",
    "bot_hello": ["Hi! I'm Meridian's virtual assistant. What can I help you with today?",
                  "Hello! Tell me in a few words what your question is about and I'll find the right person for you."],
    "bot_handover": ["Thanks! I'm connecting you with a member of our support team. It usually takes a couple of minutes.",
                     "Got it. I'm passing you to one of our support specialists, please stay in the chat."],
    "greet_full": ["Hi {addr}, this is {agent} from Meridian customer support.",
                   "Hello {addr}! My name is {agent} and I'll be helping you today.",
                   "Hi {addr}, {agent} here from the Meridian support team."],
    "greet_noname": ["Hi {addr}!", "Hello!"],
    "ack": ["Let me look into this for you.", "I'll be happy to help with that.",
            "Thanks for reaching out, let's get this sorted."],
    "empathy": ["I'm really sorry you've had to chase this, I know how frustrating that is.",
                "I completely understand why you're upset, and I'm sorry you had to contact us again.",
                "That's not the experience we want you to have, and I'm sorry about it."],
    "formulaic": ["Sorry for the inconvenience.", "We apologise for any inconvenience caused."],
    "frustrated": ["This is the second time I'm contacting you about this.",
                   "Honestly, I'm getting really frustrated.", "Nobody has told me anything for days."],
    "verify_two": ["Before I open your account, could you confirm the e-mail address on it and the last four digits of your phone number?",
                   "To keep your account safe, please give me the e-mail you registered with and the last four digits of the phone number on the account."],
    "cust_verify_two": ["Sure, it's {email}, and the last four are {phone4}.", "{email}, phone ends in {phone4}."],
    "verify_one": ["What's the e-mail on your account?", "Could you give me your e-mail address?"],
    "cust_verify_one": ["{email}", "It's {email}"],
    "checking": ["Thank you! One moment while I check.", "Thanks, give me a minute to look into it.",
                 "Thank you, checking now."],
    "checking_plain": ["One moment, let me check.", "Give me a minute to look into it."],
    "ask_email": ("Could you tell me the e-mail address on your account?", "I just gave it to you: {email}"),
    "curt_challenge": ["Is there really nothing else you can do?", "So what am I supposed to do now?"],
    "curt": ["As I already said, there's nothing more I can do from my side.", "Like I said, you'll have to wait."],
    "rude": ["If you had read my previous message you would know."],
    "jargon_q": ["Sorry, what does that mean?", "I don't understand, what does that mean?"],
    "vague": ["It should be sorted soon.", "We'll look into it and get back to you.", "You'll hear from us shortly."],
    "closing_offer": ["Is there anything else I can help you with today?", "Is there anything else I can do for you?"],
    "closing_bye": ["Thanks for contacting Meridian, have a great day!", "Thank you for your patience, {addr}. Take care!",
                    "Glad I could help. Have a nice day!"],
    "cust_thanks": ["Great, thank you!", "Ok, thanks for your help.", "Perfect, thanks.", "Thanks, appreciate it."],
    "cust_unhappy": ["Ok, I guess.", "That doesn't really help, but fine."],
    "cust_no_more": ["No, that's all. Thanks!", "Nope, that's it.", "That's all, thank you."],
    "cust_bye": ["Bye!", "Thanks, bye."],
    "agent_abrupt": ["ok", "Ok."],
    "breach_drop": ["Actually, no need, I can see what happened."],
    "breach_reply": ["Is it safe to send that here?", "Hmm, ok."],
    "phone_greet_full": ["Meridian customer support, this is {agent} speaking. How can I help you?",
                         "Hi, thanks for calling Meridian, my name is {agent}. What can I do for you today?"],
    "phone_greet_noname": ["Meridian support, hello.", "Hello, Meridian support, how can I help?"],
    "phone_greet_none": ["Yes, hello?"],
    "phone_filler_agent": ["Mm-hmm.", "Okay.", "Right."],
    "phone_filler_cust": ["Okay.", "Yes.", "Uh-huh.", "Sure."],
    "phone_closing_bye": ["Thank you for calling Meridian. Goodbye!", "Thanks for calling, have a good day. Bye!"],
    "phone_abrupt": ["Okay, bye."],
    "email_cust_greet": ["Hello,", "Hi,", "Dear Meridian team,"],
    "email_cust_sign": ["Thanks,\n{cust}", "Best regards,\n{cust}", "Kind regards,\n{cust}"],
    "email_cust_extra": ["I'd appreciate a quick reply.", "Please let me know what you can do.", "Thank you in advance."],
    "email_greet": ["Dear {addr},", "Hello {addr},", "Hi {addr},"],
    "email_intro_full": ["Thank you for contacting Meridian. My name is {agent} and I'll be looking after your request.",
                         "Thanks for your message, I'm {agent} from the Meridian support team."],
    "email_intro_noname": ["Thank you for contacting Meridian.", "Thanks for your message."],
    "email_closing_offer": ["If you have any other questions, just reply to this e-mail and I'll be happy to help.",
                            "If there's anything else I can do for you, simply reply to this message."],
    "email_sign_full": ["Best regards,\n{agent}\nMeridian Customer Support", "Kind regards,\n{agent}\nMeridian Support Team"],
    "email_sign_noname": ["Best regards,\nMeridian Customer Support"],
    "email_sign_abrupt": ["Meridian Support"],
    "email_other_address": ["I'm writing from my work e-mail because I can't get into my personal one.",
                            "This isn't the e-mail on my account, I don't have access to that one at the moment."],
    "email_followup_thanks": ["Thank you, that's very helpful!", "Thanks for the quick answer."],
    "email_final": ["You're welcome, {addr}! Have a lovely day.", "Happy to help! Just get in touch if you need anything else."],
    "items": ["a pair of running shoes", "wireless headphones", "a backpack", "an electric kettle",
              "a vacuum cleaner", "a wool sweater", "a blender", "a watch"],
    "weekdays": ["on Tuesday", "on Wednesday", "on Thursday", "on Friday"],
    "days": ["3–5", "5–7"],
    "typos": [("receive", "recieve"), ("business", "buisness"), ("address", "adress"), ("definitely", "definately"),
              ("separate", "seperate"), ("the ", "teh "), ("until", "untill"), ("apologise", "appologise"),
              ("immediately", "immediatly")],
}  # fmt: skip

TOPICS["en"] = {
    "delivery": {
        "subject": ["Where is my order?", "Order {order} still not delivered", "Parcel hasn't arrived"],
        "open": ["Hi, I ordered {item} a week ago, order {order}, and it still hasn't arrived.",
                 "Hello, my order {order} was supposed to arrive on Monday but the tracking hasn't changed for three days.",
                 "Hi, can you tell me where my parcel is? The order number is {order}."],
        "restate": ["I understand the parcel still hasn't reached you and the tracking isn't telling you anything useful. Let me find out where it is."],
        "ask_again": ("Can you give me the order number, please?", "I wrote it above: {order}"),
        "misread": ("I can start a return for you. Would you like a refund or an exchange?",
                    "No, I haven't even received it yet! I just want to know where it is."),
        "resolve": {
            5: ["Your parcel is at the sorting centre in your city. The carrier had delays because of high volumes. The courier will deliver it {weekday}, and I've asked the carrier to give it priority."],
            4: ["The parcel is at the sorting centre in your city, and the courier will deliver it {weekday}."],
            3: ["I can see the parcel is still in transit. I've sent the carrier a query."],
            2: ["Tracking sometimes updates late, so it's most likely on its way. If it doesn't arrive in a few days, write to us again."],
            1: ["Our system shows the parcel as delivered, maybe it was left with a neighbour."],
        },
        "clear": ["If the parcel isn't with you {weekday}, I'll send a replacement free of charge, and you'll receive the new tracking number by e-mail the same day."],
        "overpromise": ["I personally guarantee it will be delivered {weekday}, no matter what."],
        "followups": [("Do I need to be at home to sign for it?", "No signature is needed, the courier can leave it in a safe place or with a neighbour."),
                      ("Can I change the delivery address?", "The parcel is already with the carrier, so the address can't be changed, but you can collect it from the depot yourself.")],
    },
    "refund": {
        "subject": ["Refund not received", "Where is my refund?", "Refund for order {order}"],
        "open": ["Hi, I returned {item} two weeks ago, order {order}, and I still haven't got my money back.",
                 "Hello, when will I get my refund for order {order}? You received the return last week."],
        "restate": ["So you've sent the item back but the money hasn't arrived yet. Let me check where the refund is."],
        "ask_again": ("Could you give me the order number, please?", "It's in my first message: {order}"),
        "misread": ("Would you like to start a return for this order?", "I already returned it! I'm asking about the money."),
        "resolve": {
            5: ["Your return arrived at our warehouse and passed the check, so I've just issued a refund of {amount} to the card you paid with."],
            4: ["The refund of {amount} has been approved and sent to your card."],
            3: ["I can see the return arrived at the warehouse. The refund should be processed."],
            2: ["Refunds are handled by our finance team, please contact your bank."],
            1: ["Unfortunately refunds are only possible within 14 days of purchase, so this one can't be refunded."],
        },
        "clear": ["The money usually reaches your card within {days} business days, and we've already sent you a confirmation e-mail."],
        "overpromise": ["You'll have the money back on your card today."],
        "followups": [("Will I get the shipping cost back too?", "Yes, the original shipping cost is included in the refund."),
                      ("Can I get store credit instead?", "Once a refund has been issued it can't be switched, but next time you can choose store credit when you start the return.")],
    },
    "login": {
        "subject": ["Can't log in", "Password reset e-mail not arriving", "Locked out of my account"],
        "open": ["Hi, I can't log in to my account. It says my password is wrong, but I haven't changed it.",
                 "Hello, I've clicked \"Forgot password?\" several times but the e-mail never arrives."],
        "restate": ["I understand you can't get into your account. Let me check what's going on with it."],
        "misread": ("Would you like to change the e-mail address on your account?", "No, I just want to get back into my account."),
        "resolve": {
            5: ["Your account was locked after several failed login attempts. I've unlocked it and sent you a new password reset link, which is valid for 30 minutes."],
            4: ["I've unlocked your account and sent you a password reset link."],
            3: ["Please try resetting your password again."],
            2: ["Try a different browser or clear your cache."],
            1: ["You'll need to create a new account, the old one can't be recovered."],
        },
        "clear": ["The e-mail should arrive within five minutes. If it doesn't, check your spam folder and write here, I'll stay in the chat until you're logged in."],
        "clear_phone": ["The e-mail should arrive within five minutes. If it doesn't, check your spam folder; I'll stay on the line until you're logged in."],
        "clear_email": ["The e-mail should arrive within five minutes. If it doesn't, please check your spam folder or simply reply to this message and I'll look into it again."],
        "overpromise": ["I'll have your account fixed for good today, this won't happen again."],
        "breach": ["Can you tell me your current password so I can check it?"],
        "followups": [("Will my order history still be there?", "Yes, nothing on your account changes except the password."),
                      ("Can I turn on two-step login?", "Yes: after you log in, go to Account → Security → Two-step verification.")],
    },
    "billing": {
        "subject": ["Charged twice", "Double payment on my card", "Order {order} paid twice"],
        "open": ["Hi, I've been charged twice for order {order}, {amount} two times on my card.",
                 "Hello, there are two payments of {amount} on my bank statement but I only placed one order."],
        "restate": ["So one order was charged twice, {amount} each time. Let me look at the payments."],
        "ask_again": ("Could you give me the order number, please?", "I already gave it: {order}"),
        "misread": ("Would you like to change the payment method for your next orders?", "No, I was charged twice and I want the money back."),
        "resolve": {
            5: ["You're right, the second payment is a duplicate authorisation. I've cancelled it, so the {amount} on hold will be released back to your card."],
            4: ["The second payment is a temporary hold and it will be released."],
            3: ["I've passed your question on to our billing team."],
            2: ["Please contact your bank to dispute the charge."],
            1: ["Both payments are correct, the shipping was charged separately."],
        },
        "clear": ["Your bank will release the hold within {days} business days. If the money isn't back after that, send us a screenshot of the statement here and we'll refund it directly."],
        "clear_phone": ["Your bank will release the hold within {days} business days. If the money isn't back after that, reply to the confirmation e-mail with a screenshot of the statement and we'll refund it directly."],
        "overpromise": ["The money will be back on your card within the hour."],
        "breach": ["Please send me the full card number so I can find the payment."],
        "followups": [("Why did this happen?", "The payment system sent the payment request twice when the page reloaded. It's a rare glitch."),
                      ("Do I need to do anything with my bank?", "No, nothing at all, the hold is released automatically.")],
    },
    "cancel": {
        "subject": ["Cancel my order", "Please cancel order {order}", "Order cancellation"],
        "open": ["Hi, I'd like to cancel order {order}, I picked the wrong size.",
                 "Hello, can I still cancel my order {order}? I placed it an hour ago."],
        "restate": ["Understood, the order needs to be cancelled before it ships. Let me check its status."],
        "ask_again": ("Could you give me the order number, please?", "It's {order}, I already wrote it."),
        "misread": ("Would you like to exchange it for a different size?", "No, I want to cancel the order."),
        "resolve": {
            5: ["I've cancelled the order before it was packed, and the full amount of {amount} is being refunded to your card."],
            4: ["Done, the order is cancelled."],
            3: ["I've asked the warehouse to stop the shipment."],
            2: ["It's too late to cancel, but you can refuse the parcel when it arrives."],
            1: ["Orders can't be cancelled once they're placed."],
        },
        "clear": ["You'll receive a cancellation e-mail in a few minutes, and the money will be back on your card within {days} business days."],
        "overpromise": ["The money will be back on your card within the hour."],
        "followups": [("Can I order the other size right away?", "Yes, just place a new order. If it's in stock it ships tomorrow."),
                      ("Will I get a confirmation?", "Yes, the cancellation e-mail goes to your e-mail address.")],
    },
    "policy": {
        "subject": ["Question about returns", "Can I return sale items?"],
        "open": ["Hi, can items bought in the sale be returned?",
                 "Hello, if I buy something that's discounted, can I return it later?"],
        "restate": ["I understand you'd like to know whether the usual return rules apply to discounted items."],
        "misread": ("Would you like to start a return for your order?", "No, I haven't bought anything yet, I'm just asking about the rules."),
        "resolve": {
            5: ["Yes, sale items can be returned within 30 days like everything else, and the money goes back the way you paid. The only exceptions are underwear and earrings, for hygiene reasons."],
            4: ["Yes, discounted items can be returned within 30 days."],
            3: ["Yes, you can return them."],
            2: ["I think so, but better check the conditions on the website."],
            1: ["No, sale items are final sale."],
        },
        "followups": [("Is the return shipping free?", "Yes, returns through a carrier drop-off point are free for you.")],
    },
}  # fmt: skip

GENERAL["uk"] = {
    "bot_name": "Помічник Meridian",
    "bot_hello": ["Вітаю! Я віртуальний помічник Meridian. З яким питанням можу допомогти?",
                  "Добрий день! Коротко опишіть, будь ласка, ваше питання, і я передам його потрібному фахівцю."],
    "bot_handover": ["Дякую, ваш запит прийнято. З'єдную вас зі спеціалістом служби підтримки, зазвичай це займає кілька хвилин.",
                     "Передаю чат нашому фахівцю, будь ласка, залишайтеся на зв'язку."],
    "greet_full": ["Добрий день, {addr}! Мене звати {agent}, служба підтримки Meridian.",
                   "Вітаю, {addr}! Це {agent} зі служби підтримки Meridian.",
                   "Добрий день, {addr}! На зв'язку {agent}, підтримка Meridian."],
    "greet_noname": ["Добрий день, {addr}!", "Вітаю!"],
    "ack": ["Зараз усе перевірю.", "Із задоволенням допоможу.", "Дякую, що звернулися, зараз розберемося."],
    "empathy": ["Мені дуже прикро, що вам довелося знову нам писати, розумію, як це неприємно.",
                "Розумію ваше невдоволення: ситуація справді неприємна, перепрошую за це.",
                "Шкода, що так сталося, ми точно не хотіли, щоб ви з цим зіткнулися."],
    "formulaic": ["Перепрошуємо за незручності.", "Вибачте за незручності."],
    "frustrated": ["Пишу вже вдруге з цього питання.", "Чесно кажучи, я вже ⟨втомився|втомилася⟩ чекати.",
                   "Мені вже кілька днів ніхто нічого не відповідає."],
    "verify_two": ["Щоб я ⟨міг|могла⟩ переглянути ваш акаунт, підтвердіть, будь ласка, електронну пошту, на яку він зареєстрований, і останні чотири цифри номера телефону.",
                   "Для безпеки вашого акаунта назвіть, будь ласка, електронну адресу, вказану в профілі, та останні чотири цифри телефону."],
    "cust_verify_two": ["Так, {email}, останні цифри {phone4}.", "{email}, телефон закінчується на {phone4}."],
    "verify_one": ["Яка електронна пошта вказана в акаунті?", "Підкажіть, будь ласка, вашу електронну адресу."],
    "cust_verify_one": ["{email}", "Ось: {email}"],
    "checking": ["Дякую! Хвилинку, перевіряю.", "Дякую, зараз подивлюся.", "Дякую, дайте мені хвилинку."],
    "checking_plain": ["Хвилинку, перевіряю.", "Дайте мені хвилинку, подивлюся."],
    "ask_email": ("Підкажіть, будь ласка, вашу електронну пошту.", "Я ж щойно її ⟨написав|написала⟩: {email}"),
    "curt_challenge": ["І що, більше нічого не можна зробити?", "І що мені тепер робити?"],
    "curt": ["Як я вже ⟨казав|казала⟩, більше нічого зробити не можу.", "Я ж ⟨написав|написала⟩: треба чекати."],
    "rude": ["Якби ви уважно прочитали моє повідомлення, то не перепитували б."],
    "jargon_q": ["Вибачте, а що це означає?", "Не зовсім ⟨зрозумів|зрозуміла⟩, що це означає?"],
    "vague": ["Скоро все має вирішитися.", "Ми розберемося й повернемося до вас.", "Найближчим часом з вами зв'яжуться."],
    "closing_offer": ["Чи можу я ще чимось допомогти?", "Чи є ще питання, з якими можу допомогти?"],
    "closing_bye": ["Дякую за звернення до Meridian, гарного дня!", "Дякую за терпіння, {addr}. Гарного вам дня!",
                    "⟨Радий був|Рада була⟩ допомогти. Гарного дня!"],
    "cust_thanks": ["Чудово, дякую!", "Добре, дякую за допомогу.", "Супер, дякую.", "Дуже дякую!"],
    "cust_unhappy": ["Ну добре.", "Це не дуже допомогло, але гаразд."],
    "cust_no_more": ["Ні, це все. Дякую!", "Ні, більше нічого.", "Це все, дякую."],
    "cust_bye": ["До побачення!", "Дякую, бувайте."],
    "agent_abrupt": ["ок", "Добре."],
    "breach_drop": ["Вже не потрібно, я бачу, що сталося."],
    "breach_reply": ["А це безпечно, надсилати таке в чат?", "Гм, ну добре."],
    "phone_greet_full": ["Служба підтримки Meridian, мене звати {agent}. Чим можу допомогти?",
                         "Добрий день, Meridian, {agent}, слухаю вас."],
    "phone_greet_noname": ["Служба підтримки Meridian, добрий день.", "Meridian, слухаю вас."],
    "phone_greet_none": ["Алло."],
    "phone_filler_agent": ["Так.", "Угу.", "Зрозуміло."],
    "phone_filler_cust": ["Так.", "Угу.", "Добре.", "Ага."],
    "phone_closing_bye": ["Дякую за дзвінок, гарного дня! До побачення.", "Дякую, що звернулися до Meridian. На все добре!"],
    "phone_abrupt": ["Добре, все."],
    "email_cust_greet": ["Добрий день!", "Вітаю!", "Шановна службо підтримки!"],
    "email_cust_sign": ["Дякую,\n{cust}", "З повагою,\n{cust}"],
    "email_cust_extra": ["Буду ⟨вдячний|вдячна⟩ за швидку відповідь.", "Прошу повідомити, що можна зробити.", "Заздалегідь дякую."],
    "email_greet": ["Добрий день, {addr}!", "Вітаю, {addr}!"],
    "email_intro_full": ["Дякуємо за звернення до Meridian. Мене звати {agent}, я займаюся вашим запитом.",
                         "Дякую за ваш лист! Це {agent} зі служби підтримки Meridian."],
    "email_intro_noname": ["Дякуємо за звернення до Meridian.", "Дякуємо за ваш лист."],
    "email_closing_offer": ["Якщо виникнуть інші питання, просто дайте відповідь на цей лист, я з радістю допоможу.",
                            "Якщо можу ще чимось допомогти, напишіть у відповідь на цей лист."],
    "email_sign_full": ["З повагою,\n{agent}\nСлужба підтримки Meridian", "Гарного дня!\n{agent}, служба підтримки Meridian"],
    "email_sign_noname": ["З повагою,\nслужба підтримки Meridian"],
    "email_sign_abrupt": ["Meridian"],
    "email_other_address": ["Пишу з робочої пошти, бо до особистої зараз немає доступу.",
                            "Це не та пошта, що в акаунті, до неї в мене зараз немає доступу."],
    "email_followup_thanks": ["Дякую, все зрозуміло!", "Дякую за швидку відповідь."],
    "email_final": ["Будь ласка, {addr}! Гарного дня.", "Завжди раді допомогти! Звертайтеся, якщо щось знадобиться."],
    "items": ["кросівки", "навушники", "рюкзак", "електрочайник", "пилосос", "светр", "блендер", "годинник"],
    "weekdays": ["у вівторок", "у середу", "у четвер", "у п'ятницю"],
    "days": ["3–5", "5–7"],
    "typos": [("будь ласка", "будь-ласка"), ("протягом", "на протязі"), ("наступн", "слідуюч"),
              ("перепрошую", "вибачаюсь"), ("правильно", "вірно"), ("Зараз", "Щас")],
}  # fmt: skip

TOPICS["uk"] = {
    "delivery": {
        "subject": ["Де моє замовлення?", "Замовлення {order} досі не доставлене", "Посилка не прийшла"],
        "open": ["Добрий день. Тиждень тому я ⟨замовив|замовила⟩ {item}, замовлення {order}, і досі нічого не ⟨отримав|отримала⟩.",
                 "Вітаю! Замовлення {order} мало прийти в понеділок, але трекінг не змінюється вже три дні.",
                 "Підкажіть, будь ласка, де моя посилка? Номер замовлення {order}."],
        "restate": ["Розумію, посилка досі не дійшла, а з трекінгу нічого не зрозуміло. Зараз з'ясую, де вона."],
        "ask_again": ("Підкажіть, будь ласка, номер замовлення.", "Я ж ⟨писав|писала⟩ вище: {order}"),
        "misread": ("Можу оформити повернення. Вам зручніше отримати кошти чи обміняти товар?",
                    "Ні, я ще навіть нічого не ⟨отримав|отримала⟩! Хочу дізнатися, де посилка."),
        "resolve": {
            5: ["Посилка зараз у сортувальному центрі вашого міста: у перевізника були затримки через велике навантаження. Кур'єр доставить її {weekday}, і я ⟨попросив|попросила⟩ перевізника опрацювати її першочергово."],
            4: ["Посилка в сортувальному центрі вашого міста, кур'єр доставить її {weekday}."],
            3: ["Бачу, що посилка ще в дорозі. Я ⟨надіслав|надіслала⟩ запит перевізнику."],
            2: ["Трекінг іноді оновлюється із запізненням, тож, найімовірніше, посилка вже в дорозі. Якщо за кілька днів не прийде, напишіть нам ще раз."],
            1: ["За даними системи посилку вже доставлено, мабуть, її залишили в сусідів."],
        },
        "clear": ["Якщо {weekday} посилка так і не прийде, я безкоштовно надішлю вам нову, а номер для відстеження прийде на пошту того ж дня."],
        "overpromise": ["Я особисто гарантую, що посилку доставлять {weekday}, що б не сталося."],
        "followups": [("А мені треба бути вдома, щоб її отримати?", "Ні, підпис не потрібен: кур'єр може залишити посилку в безпечному місці або передати сусідам."),
                      ("Можна змінити адресу доставки?", "Посилка вже в перевізника, тому адресу змінити не вийде, але ви можете забрати її самостійно у відділенні.")],
    },
    "refund": {
        "subject": ["Не повернули кошти", "Де мої гроші за повернення?", "Повернення коштів за замовлення {order}"],
        "open": ["Добрий день. Два тижні тому я ⟨повернув|повернула⟩ {item}, замовлення {order}, а гроші досі не прийшли.",
                 "Вітаю! Коли повернуть кошти за замовлення {order}? Повернення ви отримали ще минулого тижня."],
        "restate": ["Тобто товар ви повернули, а кошти ще не надійшли. Зараз перевірю, на якому етапі повернення."],
        "ask_again": ("Підкажіть номер замовлення, будь ласка.", "Він є в першому повідомленні: {order}"),
        "misread": ("Бажаєте оформити повернення за цим замовленням?", "Я вже все ⟨повернув|повернула⟩! Питаю саме про гроші."),
        "resolve": {
            5: ["Повернення надійшло на наш склад і пройшло перевірку, тож я щойно ⟨оформив|оформила⟩ повернення {amount} на картку, якою ви оплачували."],
            4: ["Повернення коштів у сумі {amount} підтверджено й відправлено на вашу картку."],
            3: ["Бачу, що повернення надійшло на склад. Кошти мають повернути."],
            2: ["Поверненням коштів займається фінансовий відділ, зверніться, будь ласка, до свого банку."],
            1: ["На жаль, кошти повертаються лише протягом 14 днів після покупки, тому в цьому випадку повернення неможливе."],
        },
        "clear": ["Кошти зазвичай надходять на картку протягом {days} робочих днів, а лист із підтвердженням повернення ми вже надіслали вам на пошту."],
        "overpromise": ["Гроші повернуться на картку вже сьогодні."],
        "followups": [("А вартість доставки теж повернуть?", "Так, вартість початкової доставки входить у суму повернення."),
                      ("Можна отримати не гроші, а бонуси на рахунок?", "Після оформлення повернення спосіб змінити вже не можна, але наступного разу ви зможете обрати бонуси під час оформлення повернення.")],
    },
    "login": {
        "subject": ["Не можу увійти в акаунт", "Не приходить лист для відновлення пароля", "Акаунт заблоковано"],
        "open": ["Добрий день, не можу увійти в акаунт: пише, що пароль неправильний, хоча я його не ⟨змінював|змінювала⟩.",
                 "Вітаю! Вже кілька разів ⟨натискав|натискала⟩ «Забули пароль?», але лист так і не приходить."],
        "restate": ["Розумію, ви не можете увійти в акаунт. Зараз перевірю, що з ним."],
        "misread": ("Бажаєте змінити електронну пошту в акаунті?", "Ні, я просто хочу знову увійти у свій акаунт."),
        "resolve": {
            5: ["Ваш акаунт заблокувався після кількох невдалих спроб входу. Я ⟨розблокував|розблокувала⟩ його й ⟨надіслав|надіслала⟩ нове посилання для зміни пароля, воно дійсне 30 хвилин."],
            4: ["Я ⟨розблокував|розблокувала⟩ акаунт і ⟨надіслав|надіслала⟩ вам посилання для зміни пароля."],
            3: ["Спробуйте, будь ласка, ще раз відновити пароль."],
            2: ["Спробуйте інший браузер або очистьте кеш."],
            1: ["Вам доведеться створити новий акаунт, старий відновити не можна."],
        },
        "clear": ["Лист має прийти протягом п'яти хвилин. Якщо його не буде, перевірте папку «Спам» і напишіть сюди, я буду в чаті, поки вхід не запрацює."],
        "clear_phone": ["Лист має прийти протягом п'яти хвилин. Якщо його не буде, перевірте папку «Спам», я залишуся на лінії, поки вхід не запрацює."],
        "clear_email": ["Лист має прийти протягом п'яти хвилин. Якщо його не буде, перевірте папку «Спам» або просто дайте відповідь на цей лист, і я перевірю ще раз."],
        "overpromise": ["Гарантую, що це більше ніколи не повториться."],
        "breach": ["Назвіть, будь ласка, ваш поточний пароль, я перевірю, чи він правильний."],
        "followups": [("А історія замовлень збережеться?", "Так, в акаунті нічого не зміниться, тільки пароль."),
                      ("Можна увімкнути двофакторну автентифікацію?", "Так, після входу відкрийте «Акаунт» → «Безпека» → «Двоетапна перевірка».")],
    },
    "billing": {
        "subject": ["Подвійне списання", "З картки списали двічі", "Оплата замовлення {order} пройшла двічі"],
        "open": ["Добрий день! За замовлення {order} з картки двічі списали {amount}.",
                 "Вітаю. У виписці бачу два платежі по {amount}, хоча замовлення було одне."],
        "restate": ["Тобто за одне замовлення з картки двічі списали по {amount}. Зараз подивлюся платежі."],
        "ask_again": ("Підкажіть номер замовлення, будь ласка.", "Я ж ⟨вказав|вказала⟩ його: {order}"),
        "misread": ("Бажаєте змінити спосіб оплати для наступних замовлень?", "Ні, з мене двічі зняли гроші, я хочу їх повернути."),
        "resolve": {
            5: ["Ви маєте рацію: другий платіж був повторною авторизацією. Я її ⟨скасував|скасувала⟩, тож заблоковані {amount} повернуться на вашу картку."],
            4: ["Другий платіж є тимчасовим блокуванням коштів, його буде знято."],
            3: ["Я ⟨передав|передала⟩ ваше питання фінансовому відділу."],
            2: ["Зверніться, будь ласка, до свого банку, щоб оскаржити платіж."],
            1: ["Обидва платежі правильні: доставку оплачено окремо."],
        },
        "clear": ["Банк зніме блокування протягом {days} робочих днів. Якщо після цього кошти не повернуться, надішліть сюди скриншот виписки, і ми повернемо їх напряму."],
        "clear_phone": ["Банк зніме блокування протягом {days} робочих днів. Якщо після цього кошти не повернуться, надішліть скриншот виписки у відповідь на лист-підтвердження, і ми повернемо їх напряму."],
        "overpromise": ["Гроші будуть на картці протягом години."],
        "breach": ["Надішліть, будь ласка, повний номер картки, щоб я ⟨знайшов|знайшла⟩ платіж."],
        "followups": [("А чому так сталося?", "Платіжна система двічі надіслала запит на оплату, коли сторінка оновилася. Це рідкісний збій."),
                      ("Мені треба щось робити в банку?", "Ні, нічого робити не потрібно, блокування зніметься автоматично.")],
    },
    "cancel": {
        "subject": ["Скасування замовлення", "Хочу скасувати замовлення {order}", "Скасуйте, будь ласка, замовлення"],
        "open": ["Добрий день, хочу скасувати замовлення {order}, ⟨помилився|помилилася⟩ з розміром.",
                 "Вітаю! Чи можна ще скасувати замовлення {order}? ⟨Оформив|Оформила⟩ його годину тому."],
        "restate": ["Зрозуміло, замовлення потрібно скасувати, поки його не відправили. Зараз перевірю статус."],
        "ask_again": ("Підкажіть номер замовлення, будь ласка.", "Номер {order}, я його вже ⟨писав|писала⟩."),
        "misread": ("Бажаєте обміняти товар на інший розмір?", "Ні, я хочу саме скасувати замовлення."),
        "resolve": {
            5: ["Я ⟨скасував|скасувала⟩ замовлення ще до того, як його зібрали на складі, і повна сума {amount} повертається на вашу картку."],
            4: ["Готово, замовлення скасовано."],
            3: ["Я ⟨попросив|попросила⟩ склад зупинити відправлення."],
            2: ["Скасувати вже не вийде, але ви можете відмовитися від посилки під час отримання."],
            1: ["Оформлені замовлення скасувати неможливо."],
        },
        "clear": ["Протягом кількох хвилин вам прийде лист про скасування, а кошти надійдуть на картку протягом {days} робочих днів."],
        "overpromise": ["Гроші повернуться на картку протягом години."],
        "followups": [("А можна одразу замовити інший розмір?", "Так, просто оформіть нове замовлення. Якщо товар є в наявності, його відправлять уже завтра."),
                      ("Мені прийде якесь підтвердження?", "Так, лист про скасування надійде на вашу пошту.")],
    },
    "policy": {
        "subject": ["Питання щодо повернення", "Чи можна повернути товар зі знижкою?"],
        "open": ["Добрий день! Підкажіть, чи можна повернути товар, куплений на розпродажі?",
                 "Вітаю. Якщо я куплю річ зі знижкою, її потім можна буде повернути?"],
        "restate": ["Розумію, вас цікавить, чи діють звичайні умови повернення для товарів зі знижкою."],
        "misread": ("Ви хочете оформити повернення для свого замовлення?", "Ні, я поки нічого не ⟨купував|купувала⟩, просто питаю про умови."),
        "resolve": {
            5: ["Так, товари з розпродажу можна повернути протягом 30 днів, як і будь-які інші, а гроші повертаються тим самим способом, яким ви оплачували. Виняток становлять спідня білизна та сережки, їх не приймають назад з гігієнічних міркувань."],
            4: ["Так, товари зі знижкою можна повернути протягом 30 днів."],
            3: ["Так, повернути можна."],
            2: ["Думаю, що можна, але краще перевірте умови на сайті."],
            1: ["Ні, товари з розпродажу поверненню не підлягають."],
        },
        "followups": [("А доставка повернення безкоштовна?", "Так, повернення через відділення перевізника для вас безкоштовне.")],
    },
}  # fmt: skip

GENERAL["ru"] = {
    "bot_name": "Помощник Meridian",
    "bot_hello": ["Здравствуйте! Я виртуальный помощник Meridian. С каким вопросом вам помочь?",
                  "Добрый день! Опишите, пожалуйста, коротко ваш вопрос, и я передам его нужному специалисту."],
    "bot_handover": ["Спасибо, ваш запрос принят. Соединяю вас со специалистом поддержки, обычно это занимает пару минут.",
                     "Передаю чат нашему специалисту, пожалуйста, оставайтесь на связи."],
    "greet_full": ["Здравствуйте, {addr}! Меня зовут {agent}, служба поддержки Meridian.",
                   "Добрый день, {addr}! Это {agent} из службы поддержки Meridian.",
                   "Здравствуйте, {addr}! На связи {agent}, поддержка Meridian."],
    "greet_noname": ["Здравствуйте, {addr}!", "Добрый день!"],
    "ack": ["Сейчас всё проверю.", "С удовольствием помогу.", "Спасибо за обращение, сейчас разберёмся."],
    "empathy": ["Мне очень жаль, что вам пришлось писать нам снова, понимаю, как это неприятно.",
                "Понимаю ваше недовольство: ситуация действительно неприятная, приношу извинения.",
                "Очень жаль, что так получилось, мы точно не хотели, чтобы вы с этим столкнулись."],
    "formulaic": ["Приносим извинения за доставленные неудобства.", "Извините за неудобства."],
    "frustrated": ["Пишу уже второй раз по этому вопросу.", "Честно говоря, я уже ⟨устал|устала⟩ ждать.",
                   "Мне уже несколько дней никто ничего не отвечает."],
    "verify_two": ["Чтобы я ⟨мог|могла⟩ открыть ваш аккаунт, подтвердите, пожалуйста, электронную почту, на которую он зарегистрирован, и последние четыре цифры номера телефона.",
                   "Для безопасности вашего аккаунта назовите, пожалуйста, электронный адрес из профиля и последние четыре цифры телефона."],
    "cust_verify_two": ["Да, {email}, последние цифры {phone4}.", "{email}, телефон заканчивается на {phone4}."],
    "verify_one": ["Какая электронная почта указана в аккаунте?", "Подскажите, пожалуйста, ваш электронный адрес."],
    "cust_verify_one": ["{email}", "Вот: {email}"],
    "checking": ["Спасибо! Минутку, проверяю.", "Спасибо, сейчас посмотрю.", "Спасибо, дайте мне минуту."],
    "checking_plain": ["Минутку, проверяю.", "Дайте мне минуту, посмотрю."],
    "ask_email": ("Подскажите, пожалуйста, вашу электронную почту.", "Я же только что её ⟨написал|написала⟩: {email}"),
    "curt_challenge": ["И что, больше ничего нельзя сделать?", "И что мне теперь делать?"],
    "curt": ["Как я уже ⟨говорил|говорила⟩, больше ничего сделать не могу.", "Я же ⟨написал|написала⟩: нужно ждать."],
    "rude": ["Если бы вы внимательно прочитали моё сообщение, не переспрашивали бы."],
    "jargon_q": ["Извините, а что это значит?", "Не совсем ⟨понял|поняла⟩, что это значит?"],
    "vague": ["Скоро всё должно решиться.", "Мы разберёмся и вернёмся к вам.", "В ближайшее время с вами свяжутся."],
    "closing_offer": ["Могу ли я ещё чем-то помочь?", "Остались ли у вас ещё вопросы?"],
    "closing_bye": ["Спасибо за обращение в Meridian, хорошего дня!", "Спасибо за терпение, {addr}. Всего доброго!",
                    "⟨Был рад|Была рада⟩ помочь. Хорошего дня!"],
    "cust_thanks": ["Отлично, спасибо!", "Хорошо, спасибо за помощь.", "Супер, спасибо.", "Большое спасибо!"],
    "cust_unhappy": ["Ну ладно.", "Это не особо помогло, но ладно."],
    "cust_no_more": ["Нет, это всё. Спасибо!", "Нет, больше ничего.", "Это всё, спасибо."],
    "cust_bye": ["До свидания!", "Спасибо, всего доброго."],
    "agent_abrupt": ["ок", "Хорошо."],
    "breach_drop": ["Уже не нужно, я вижу, в чём дело."],
    "breach_reply": ["А это безопасно, отправлять такое в чат?", "Хм, ну ладно."],
    "phone_greet_full": ["Служба поддержки Meridian, меня зовут {agent}. Чем могу помочь?",
                         "Добрый день, Meridian, {agent}, слушаю вас."],
    "phone_greet_noname": ["Служба поддержки Meridian, здравствуйте.", "Meridian, слушаю вас."],
    "phone_greet_none": ["Алло."],
    "phone_filler_agent": ["Да.", "Угу.", "Понятно."],
    "phone_filler_cust": ["Да.", "Угу.", "Хорошо.", "Ага."],
    "phone_closing_bye": ["Спасибо за звонок, хорошего дня! До свидания.", "Спасибо, что обратились в Meridian. Всего доброго!"],
    "phone_abrupt": ["Ладно, всё."],
    "email_cust_greet": ["Здравствуйте!", "Добрый день!", "Уважаемая служба поддержки!"],
    "email_cust_sign": ["Спасибо,\n{cust}", "С уважением,\n{cust}"],
    "email_cust_extra": ["Буду ⟨благодарен|благодарна⟩ за быстрый ответ.", "Прошу сообщить, что можно сделать.", "Заранее спасибо."],
    "email_greet": ["Здравствуйте, {addr}!", "Добрый день, {addr}!"],
    "email_intro_full": ["Спасибо за обращение в Meridian. Меня зовут {agent}, я занимаюсь вашим запросом.",
                         "Спасибо за ваше письмо! Это {agent} из службы поддержки Meridian."],
    "email_intro_noname": ["Спасибо за обращение в Meridian.", "Спасибо за ваше письмо."],
    "email_closing_offer": ["Если появятся другие вопросы, просто ответьте на это письмо, я с радостью помогу.",
                            "Если я могу ещё чем-то помочь, напишите в ответ на это письмо."],
    "email_sign_full": ["С уважением,\n{agent}\nСлужба поддержки Meridian", "Хорошего дня!\n{agent}, служба поддержки Meridian"],
    "email_sign_noname": ["С уважением,\nслужба поддержки Meridian"],
    "email_sign_abrupt": ["Meridian"],
    "email_other_address": ["Пишу с рабочей почты, потому что к личной сейчас нет доступа.",
                            "Это не та почта, что в аккаунте, к ней у меня сейчас нет доступа."],
    "email_followup_thanks": ["Спасибо, всё понятно!", "Спасибо за быстрый ответ."],
    "email_final": ["Пожалуйста, {addr}! Хорошего дня.", "Всегда рады помочь! Обращайтесь, если что-то понадобится."],
    "items": ["кроссовки", "наушники", "рюкзак", "электрочайник", "пылесос", "свитер", "блендер", "часы"],
    "weekdays": ["во вторник", "в среду", "в четверг", "в пятницу"],
    "days": ["3–5", "5–7"],
    "typos": [("в течение", "в течении"), ("вернутся", "вернуться"), ("пожалуйста", "пожалуста"),
              ("Извините", "Извените"), ("сейчас", "щас"), ("обращение", "оброщение")],
}  # fmt: skip

TOPICS["ru"] = {
    "delivery": {
        "subject": ["Где мой заказ?", "Заказ {order} до сих пор не доставлен", "Посылка не пришла"],
        "open": ["Здравствуйте. Неделю назад я ⟨заказал|заказала⟩ {item}, заказ {order}, и до сих пор ничего не ⟨получил|получила⟩.",
                 "Добрый день! Заказ {order} должен был прийти в понедельник, но трекинг не меняется уже три дня.",
                 "Подскажите, пожалуйста, где моя посылка? Номер заказа {order}."],
        "restate": ["Понимаю, посылка до сих пор не дошла, а по трекингу ничего не понятно. Сейчас выясню, где она."],
        "ask_again": ("Подскажите, пожалуйста, номер заказа.", "Я же ⟨писал|писала⟩ выше: {order}"),
        "misread": ("Могу оформить возврат. Вам удобнее вернуть деньги или обменять товар?",
                    "Нет, я ещё даже ничего не ⟨получил|получила⟩! Хочу узнать, где посылка."),
        "resolve": {
            5: ["Посылка сейчас в сортировочном центре вашего города: у перевозчика были задержки из-за большой нагрузки. Курьер привезёт её {weekday}, и я ⟨попросил|попросила⟩ перевозчика обработать её в первую очередь."],
            4: ["Посылка в сортировочном центре вашего города, курьер привезёт её {weekday}."],
            3: ["Вижу, что посылка ещё в пути. Я ⟨отправил|отправила⟩ запрос перевозчику."],
            2: ["Трекинг иногда обновляется с опозданием, так что, скорее всего, посылка уже в пути. Если через пару дней не придёт, напишите нам ещё раз."],
            1: ["По данным системы посылка уже доставлена, наверное, её оставили у соседей."],
        },
        "clear": ["Если {weekday} посылка так и не придёт, я бесплатно отправлю вам новую, а трек-номер придёт на почту в тот же день."],
        "overpromise": ["Я лично гарантирую, что посылку доставят {weekday}, что бы ни случилось."],
        "followups": [("А мне нужно быть дома, чтобы её получить?", "Нет, подпись не нужна: курьер может оставить посылку в безопасном месте или передать соседям."),
                      ("Можно изменить адрес доставки?", "Посылка уже у перевозчика, поэтому адрес изменить не получится, но вы можете забрать её сами в отделении.")],
    },
    "refund": {
        "subject": ["Не вернули деньги", "Где мои деньги за возврат?", "Возврат средств по заказу {order}"],
        "open": ["Здравствуйте. Две недели назад я ⟨вернул|вернула⟩ {item}, заказ {order}, а деньги до сих пор не пришли.",
                 "Добрый день! Когда вернут деньги за заказ {order}? Возврат вы получили ещё на прошлой неделе."],
        "restate": ["То есть товар вы вернули, а деньги ещё не поступили. Сейчас проверю, на каком этапе возврат."],
        "ask_again": ("Подскажите номер заказа, пожалуйста.", "Он есть в первом сообщении: {order}"),
        "misread": ("Хотите оформить возврат по этому заказу?", "Я уже всё ⟨вернул|вернула⟩! Спрашиваю именно про деньги."),
        "resolve": {
            5: ["Возврат пришёл на наш склад и прошёл проверку, поэтому я только что ⟨оформил|оформила⟩ возврат {amount} на карту, которой вы оплачивали."],
            4: ["Возврат {amount} подтверждён и отправлен на вашу карту."],
            3: ["Вижу, что возврат поступил на склад. Деньги должны вернуть."],
            2: ["Возвратом средств занимается финансовый отдел, обратитесь, пожалуйста, в свой банк."],
            1: ["К сожалению, деньги возвращаются только в течение 14 дней после покупки, поэтому в этом случае возврат невозможен."],
        },
        "clear": ["Деньги вернутся на карту в течение {days} рабочих дней, письмо с подтверждением возврата мы уже отправили вам на почту."],
        "overpromise": ["Деньги вернутся на карту уже сегодня."],
        "followups": [("А стоимость доставки тоже вернут?", "Да, стоимость первоначальной доставки входит в сумму возврата."),
                      ("Можно получить не деньги, а бонусы на счёт?", "После оформления возврата способ изменить уже нельзя, но в следующий раз вы сможете выбрать бонусы при оформлении возврата.")],
    },
    "login": {
        "subject": ["Не могу войти в аккаунт", "Не приходит письмо для восстановления пароля", "Аккаунт заблокирован"],
        "open": ["Здравствуйте, не могу войти в аккаунт: пишет, что пароль неверный, хотя я его не ⟨менял|меняла⟩.",
                 "Добрый день! Уже несколько раз ⟨нажимал|нажимала⟩ «Забыли пароль?», но письмо так и не приходит."],
        "restate": ["Понимаю, вы не можете войти в аккаунт. Сейчас проверю, что с ним."],
        "misread": ("Хотите изменить электронную почту в аккаунте?", "Нет, я просто хочу снова войти в свой аккаунт."),
        "resolve": {
            5: ["Ваш аккаунт заблокировался после нескольких неудачных попыток входа. Я ⟨разблокировал|разблокировала⟩ его и ⟨отправил|отправила⟩ новую ссылку для смены пароля, она действует 30 минут."],
            4: ["Я ⟨разблокировал|разблокировала⟩ аккаунт и ⟨отправил|отправила⟩ вам ссылку для смены пароля."],
            3: ["Попробуйте, пожалуйста, ещё раз восстановить пароль."],
            2: ["Попробуйте другой браузер или очистите кэш."],
            1: ["Вам придётся создать новый аккаунт, старый восстановить нельзя."],
        },
        "clear": ["Письмо должно прийти в течение пяти минут. Если его не будет, проверьте папку «Спам» и напишите сюда, я останусь в чате, пока вход не заработает."],
        "clear_phone": ["Письмо должно прийти в течение пяти минут. Если его не будет, проверьте папку «Спам», я останусь на линии, пока вход не заработает."],
        "clear_email": ["Письмо должно прийти в течение пяти минут. Если его не будет, проверьте папку «Спам» или просто ответьте на это письмо, и я проверю ещё раз."],
        "overpromise": ["Гарантирую, что это больше никогда не повторится."],
        "breach": ["Назовите, пожалуйста, ваш текущий пароль, я проверю, правильный ли он."],
        "followups": [("А история заказов сохранится?", "Да, в аккаунте ничего не изменится, только пароль."),
                      ("Можно включить двухфакторную аутентификацию?", "Да, после входа откройте «Аккаунт» → «Безопасность» → «Двухэтапная проверка».")],
    },
    "billing": {
        "subject": ["Двойное списание", "С карты списали дважды", "Оплата заказа {order} прошла дважды"],
        "open": ["Здравствуйте! За заказ {order} с карты дважды списали {amount}.",
                 "Добрый день. В выписке вижу два платежа по {amount}, хотя заказ был один."],
        "restate": ["То есть за один заказ с карты дважды списали по {amount}. Сейчас посмотрю платежи."],
        "ask_again": ("Подскажите номер заказа, пожалуйста.", "Я же его ⟨указал|указала⟩: {order}"),
        "misread": ("Хотите изменить способ оплаты для следующих заказов?", "Нет, с меня дважды сняли деньги, я хочу их вернуть."),
        "resolve": {
            5: ["Вы правы: второй платёж оказался повторной авторизацией. Я её ⟨отменил|отменила⟩, так что заблокированные {amount} вернутся на вашу карту."],
            4: ["Второй платёж является временной блокировкой средств, её снимут."],
            3: ["Я ⟨передал|передала⟩ ваш вопрос в финансовый отдел."],
            2: ["Обратитесь, пожалуйста, в свой банк, чтобы оспорить платёж."],
            1: ["Оба платежа верные: доставка оплачена отдельно."],
        },
        "clear": ["Банк снимет блокировку в течение {days} рабочих дней. Если после этого деньги не вернутся, пришлите сюда скриншот выписки, и мы вернём их напрямую."],
        "clear_phone": ["Банк снимет блокировку в течение {days} рабочих дней. Если после этого деньги не вернутся, пришлите скриншот выписки в ответ на письмо-подтверждение, и мы вернём их напрямую."],
        "overpromise": ["Деньги будут на карте в течение часа."],
        "breach": ["Пришлите, пожалуйста, полный номер карты, чтобы я ⟨нашёл|нашла⟩ платёж."],
        "followups": [("А почему так получилось?", "Платёжная система дважды отправила запрос на оплату, когда страница обновилась. Это редкий сбой."),
                      ("Мне нужно что-то делать в банке?", "Нет, ничего делать не нужно, блокировка снимется автоматически.")],
    },
    "cancel": {
        "subject": ["Отмена заказа", "Хочу отменить заказ {order}", "Отмените, пожалуйста, заказ"],
        "open": ["Здравствуйте, хочу отменить заказ {order}, ⟨ошибся|ошиблась⟩ с размером.",
                 "Добрый день! Можно ещё отменить заказ {order}? ⟨Оформил|Оформила⟩ его час назад."],
        "restate": ["Понятно, заказ нужно отменить, пока его не отправили. Сейчас проверю статус."],
        "ask_again": ("Подскажите номер заказа, пожалуйста.", "Номер {order}, я его уже ⟨писал|писала⟩."),
        "misread": ("Хотите обменять товар на другой размер?", "Нет, я хочу именно отменить заказ."),
        "resolve": {
            5: ["Я ⟨отменил|отменила⟩ заказ ещё до того, как его собрали на складе, и полная сумма {amount} возвращается на вашу карту."],
            4: ["Готово, заказ отменён."],
            3: ["Я ⟨попросил|попросила⟩ склад остановить отправку."],
            2: ["Отменить уже не получится, но вы можете отказаться от посылки при получении."],
            1: ["Оформленные заказы отменить нельзя."],
        },
        "clear": ["В течение нескольких минут вам придёт письмо об отмене, а деньги вернутся на карту в течение {days} рабочих дней."],
        "overpromise": ["Деньги вернутся на карту в течение часа."],
        "followups": [("А можно сразу заказать другой размер?", "Да, просто оформите новый заказ. Если товар есть в наличии, его отправят уже завтра."),
                      ("Мне придёт какое-то подтверждение?", "Да, письмо об отмене придёт на вашу почту.")],
    },
    "policy": {
        "subject": ["Вопрос о возврате", "Можно ли вернуть товар со скидкой?"],
        "open": ["Здравствуйте! Подскажите, можно ли вернуть товар, купленный на распродаже?",
                 "Добрый день. Если я куплю вещь со скидкой, её потом можно будет вернуть?"],
        "restate": ["Понимаю, вас интересует, действуют ли обычные условия возврата для товаров со скидкой."],
        "misread": ("Вы хотите оформить возврат по своему заказу?", "Нет, я пока ничего не ⟨покупал|покупала⟩, просто спрашиваю об условиях."),
        "resolve": {
            5: ["Да, товары с распродажи можно вернуть в течение 30 дней, как и любые другие, а деньги возвращаются тем же способом, которым вы оплачивали. Исключение составляют нижнее бельё и серьги, их не принимают обратно по гигиеническим соображениям."],
            4: ["Да, товары со скидкой можно вернуть в течение 30 дней."],
            3: ["Да, вернуть можно."],
            2: ["Думаю, что можно, но лучше проверьте условия на сайте."],
            1: ["Нет, товары с распродажи возврату не подлежат."],
        },
        "followups": [("А доставка возврата бесплатная?", "Да, возврат через отделение перевозчика для вас бесплатный.")],
    },
}  # fmt: skip

GENERAL["zh"] = {
    "bot_name": "Meridian智能助手",
    "bot_hello": ["您好！我是Meridian智能助手，请问有什么可以帮您？", "您好！请简单描述一下您的问题，我会为您转接合适的客服。"],
    "bot_handover": ["收到，正在为您转接人工客服，一般需要一两分钟，请稍候。", "好的，已为您转接客服专员，请不要离开对话。"],
    "greet_full": ["{addr}您好，我是Meridian客服{agent}，很高兴为您服务。", "您好{addr}，我是Meridian客服{agent}。",
                   "{addr}您好！这里是Meridian客服中心，我是{agent}。"],
    "greet_noname": ["{addr}您好！", "您好。"],
    "ack": ["我这就帮您查一下。", "好的，我来帮您处理。", "感谢您的联系，我们一起来解决。"],
    "empathy": ["非常抱歉让您再次联系我们，我理解这种情况确实让人着急。", "我完全理解您的心情，遇到这种情况确实很不愉快，真的很抱歉。",
                "很抱歉给您带来了这样的体验，这不是我们希望看到的。"],
    "formulaic": ["给您带来不便，敬请谅解。", "对此造成的不便深表歉意。"],
    "frustrated": ["这已经是我第二次为这件事联系你们了。", "说实话，我真的等得很着急了。", "好几天了都没有人回复我。"],
    "verify_two": ["为了保护您的账户安全，请提供账户绑定的邮箱以及手机号码的后四位。", "在查看您的账户之前，麻烦您确认一下注册邮箱和手机号后四位。"],
    "cust_verify_two": ["好的，邮箱是{email}，手机后四位{phone4}。", "{email}，尾号{phone4}。"],
    "verify_one": ["请问您账户的注册邮箱是？", "麻烦提供一下您的邮箱地址。"],
    "cust_verify_one": ["{email}", "是{email}"],
    "checking": ["谢谢！请稍等，我查询一下。", "好的，马上为您查看。", "谢谢，请给我一分钟。"],
    "checking_plain": ["请稍等，我查询一下。", "请给我一分钟，我看一下。"],
    "ask_email": ("请问您的注册邮箱是什么？", "我刚刚已经发给你了：{email}"),
    "curt_challenge": ["真的没有别的办法了吗？", "那我现在该怎么办？"],
    "curt": ["我刚才已经说过了，我这边没有别的办法。", "我已经说了，您只能等。"],
    "rude": ["您要是认真看了我的消息，就不会再问了。"],
    "jargon_q": ["不好意思，这是什么意思？", "没太明白，这是什么意思？"],
    "vague": ["应该很快就会解决的。", "我们会跟进，之后再联系您。", "近期会有同事联系您。"],
    "closing_offer": ["请问还有其他可以帮您的吗？", "还有什么问题需要我帮忙吗？"],
    "closing_bye": ["感谢您联系Meridian，祝您生活愉快！", "感谢您的耐心，{addr}，祝您一天顺利！", "很高兴能帮到您，再见！"],
    "cust_thanks": ["好的，谢谢！", "好，谢谢你的帮助。", "太好了，谢谢。", "非常感谢！"],
    "cust_unhappy": ["好吧。", "这也没解决问题，算了。"],
    "cust_no_more": ["没有了，谢谢！", "没别的了。", "就这些，谢谢。"],
    "cust_bye": ["再见！", "谢谢，拜拜。"],
    "agent_abrupt": ["好的", "嗯。"],
    "breach_drop": ["不用了，我已经看到问题所在了。"],
    "breach_reply": ["在这里发这个安全吗？", "嗯，好吧。"],
    "phone_greet_full": ["您好，Meridian客服，我是{agent}，请问有什么可以帮您？", "您好，这里是Meridian客服中心，我是{agent}，请讲。"],
    "phone_greet_noname": ["您好，Meridian客服。", "您好，请讲。"],
    "phone_greet_none": ["喂？"],
    "phone_filler_agent": ["嗯。", "好的。", "明白。"],
    "phone_filler_cust": ["嗯。", "对。", "好的。", "是的。"],
    "phone_closing_bye": ["感谢您的来电，祝您生活愉快，再见！", "感谢致电Meridian，再见！"],
    "phone_abrupt": ["好，就这样。"],
    "email_cust_greet": ["您好：", "你好，", "Meridian客服团队："],
    "email_cust_sign": ["谢谢！\n{cust}", "此致\n{cust}"],
    "email_cust_extra": ["希望能尽快回复。", "请告诉我该怎么处理。", "先谢谢了。"],
    "email_greet": ["{addr}，您好：", "尊敬的{addr}：", "{addr}您好！"],
    "email_intro_full": ["感谢您联系Meridian。我是客服{agent}，由我来负责处理您的问题。", "感谢您的来信！我是Meridian客服团队的{agent}。"],
    "email_intro_noname": ["感谢您联系Meridian。", "感谢您的来信。"],
    "email_closing_offer": ["如果您还有其他问题，直接回复这封邮件即可，我很乐意为您解答。", "如有其他需要帮助的地方，欢迎随时回复本邮件。"],
    "email_sign_full": ["祝好！\n{agent}\nMeridian客服中心", "此致\n敬礼\n{agent}（Meridian客服团队）"],
    "email_sign_noname": ["祝好！\nMeridian客服中心"],
    "email_sign_abrupt": ["Meridian"],
    "email_other_address": ["我用的是工作邮箱，因为暂时登录不了个人邮箱。", "这不是我账户绑定的邮箱，那个邮箱我现在登不上。"],
    "email_followup_thanks": ["谢谢，明白了！", "感谢您这么快回复。"],
    "email_final": ["不客气，{addr}！祝您生活愉快。", "很高兴能帮到您，有需要随时联系我们！"],
    "items": ["运动鞋", "蓝牙耳机", "双肩包", "电水壶", "吸尘器", "毛衣", "榨汁机", "手表"],
    "weekdays": ["周二", "周三", "周四", "周五"],
    "days": ["3到5", "5到7"],
    "typos": [("已经", "以经"), ("再次", "在次"), ("再试", "在试"), ("再联系", "在联系"), ("得到", "的到")],
}  # fmt: skip

TOPICS["zh"] = {
    "delivery": {
        "subject": ["我的订单到哪了？", "订单{order}一直没有送到", "包裹还没收到"],
        "open": ["你好，我一周前买了{item}，订单号{order}，到现在还没收到。",
                 "您好！订单{order}本来周一就该到了，可是物流信息三天都没更新了。",
                 "请问我的包裹到哪儿了？订单号是{order}。"],
        "restate": ["明白，包裹到现在还没收到，物流信息也看不出什么。我马上帮您查一下包裹现在在哪里。"],
        "ask_again": ("请提供一下您的订单号。", "我上面已经发过了：{order}"),
        "misread": ("可以为您办理退货，您是想退款还是换货呢？", "不是，我还没收到货呢！我只想知道包裹在哪儿。"),
        "resolve": {
            5: ["您的包裹目前在您所在城市的分拣中心，快递公司因为件量太大出现了延误。预计{weekday}由快递员送达，我已经请快递公司优先处理。"],
            4: ["包裹在您所在城市的分拣中心，预计{weekday}送达。"],
            3: ["我看到包裹还在运输途中，已经向快递公司发起查询了。"],
            2: ["物流信息有时更新不及时，包裹应该已经在路上了。如果过几天还没到，您再联系我们。"],
            1: ["系统显示包裹已经签收了，可能是放在邻居那里了。"],
        },
        "clear": ["如果{weekday}还没收到，我会免费为您补发一件，新的快递单号当天就会发到您的邮箱。"],
        "overpromise": ["我个人保证，包裹{weekday}一定送到，不会有任何问题。"],
        "followups": [("需要我本人在家签收吗？", "不需要签字，快递员可以放在安全的地方或者交给邻居代收。"),
                      ("可以改收货地址吗？", "包裹已经在快递公司手里了，地址没法修改，不过您可以到网点自取。")],
    },
    "refund": {
        "subject": ["退款还没到账", "我的退款去哪了？", "订单{order}退款"],
        "open": ["你好，我两周前把{item}退回去了，订单号{order}，退款到现在还没到账。",
                 "您好！订单{order}的退款什么时候能到？你们上周就已经收到退货了。"],
        "restate": ["也就是说，商品已经退回，但退款还没有到账，我马上帮您查一下退款进度。"],
        "ask_again": ("请提供一下订单号。", "第一条消息里就有：{order}"),
        "misread": ("请问您是想为这个订单申请退货吗？", "我已经退货了！我问的是退款。"),
        "resolve": {
            5: ["您退回的商品已经到达我们的仓库并通过了检验，我刚刚已经把{amount}退回到您付款用的银行卡。"],
            4: ["{amount}的退款已经审核通过，退回到您的银行卡了。"],
            3: ["我看到退货已经到仓库了，退款应该会处理的。"],
            2: ["退款是财务部门负责的，请您联系一下您的银行。"],
            1: ["很抱歉，退款只能在购买后14天内申请，所以这笔订单无法退款。"],
        },
        "clear": ["退款一般会在{days}个工作日内到账，退款确认邮件已经发送到您的邮箱。"],
        "overpromise": ["今天之内钱就会退到您的卡上。"],
        "followups": [("运费也会退吗？", "会的，原订单的运费也包含在退款金额里。"),
                      ("可以退成账户积分吗？", "退款已经发起，就不能再更改方式了，下次申请退货时您可以选择退回积分。")],
    },
    "login": {
        "subject": ["无法登录账户", "收不到重置密码的邮件", "账户被锁定"],
        "open": ["你好，我登录不了账户，一直提示密码错误，可我没改过密码。", "您好！我点了好几次“忘记密码”，但是一直收不到邮件。"],
        "restate": ["明白，您现在无法登录账户，我马上查看一下是什么情况。"],
        "misread": ("请问您是想修改账户绑定的邮箱吗？", "不是，我只想重新登录我的账户。"),
        "resolve": {
            5: ["您的账户因为多次登录失败被自动锁定了。我已经为您解锁，并重新发送了一个修改密码的链接，30分钟内有效。"],
            4: ["我已经帮您解锁账户，并把修改密码的链接发给您了。"],
            3: ["请您再试一次找回密码。"],
            2: ["您可以换个浏览器试试，或者清除一下缓存。"],
            1: ["您只能重新注册一个账户，原来的账户无法恢复。"],
        },
        "clear": ["邮件会在五分钟内发到；如果没收到，请查看一下垃圾邮件箱，然后在这里告诉我，我会一直在线，直到您成功登录。"],
        "clear_phone": ["邮件会在五分钟内发到；如果没收到，请查看一下垃圾邮件箱，我会一直在线等您成功登录。"],
        "clear_email": ["邮件会在五分钟内发到；如果没收到，请查看一下垃圾邮件箱，或者直接回复这封邮件，我会再帮您查看。"],
        "overpromise": ["我保证以后再也不会出现这种问题。"],
        "breach": ["请告诉我您现在的密码，我帮您核对一下是否正确。"],
        "followups": [("我的历史订单还会在吗？", "会的，账户里其他信息都不会变，只有密码会更改。"),
                      ("可以开启两步验证吗？", "可以，登录后进入“账户”→“安全”→“两步验证”即可开启。")],
    },
    "billing": {
        "subject": ["重复扣款", "银行卡被扣了两次钱", "订单{order}支付了两次"],
        "open": ["您好！订单{order}从我的卡上扣了两次{amount}。", "你好，我的账单上有两笔{amount}的付款，但我只下了一个订单。"],
        "restate": ["也就是说，一个订单被扣了两次{amount}，我马上帮您核实这两笔付款。"],
        "ask_again": ("请提供一下订单号。", "我刚才已经写了：{order}"),
        "misread": ("请问您是想更改以后订单的付款方式吗？", "不是，我被扣了两次钱，我想把钱要回来。"),
        "resolve": {
            5: ["您说得对，第二笔是重复的预授权。我已经取消了，冻结的{amount}会退回到您的卡上。"],
            4: ["第二笔是临时冻结的款项，之后会解冻。"],
            3: ["我已经把您的问题转给财务部门了。"],
            2: ["请您联系您的银行申请撤销这笔扣款。"],
            1: ["两笔付款都是正确的，运费是单独收取的。"],
        },
        "clear": ["银行会在{days}个工作日内解除冻结；如果到时候钱还没退回，请把账单截图发到这里，我们会直接给您退款。"],
        "clear_phone": ["银行会在{days}个工作日内解除冻结；如果到时候钱还没退回，请回复确认邮件并附上账单截图，我们会直接给您退款。"],
        "overpromise": ["一个小时内钱就会回到您的卡上。"],
        "breach": ["请把您的完整银行卡号发给我，我来查找这笔付款。"],
        "followups": [("为什么会出现这种情况？", "页面刷新时支付系统发送了两次付款请求，这是比较少见的故障。"),
                      ("我需要去银行办理什么吗？", "不需要，冻结会自动解除。")],
    },
    "cancel": {
        "subject": ["取消订单", "我想取消订单{order}", "请帮我取消订单"],
        "open": ["你好，我想取消订单{order}，尺码选错了。", "您好！订单{order}现在还能取消吗？我一个小时前刚下的单。"],
        "restate": ["明白，需要在发货前取消订单，我马上查看一下订单状态。"],
        "ask_again": ("请提供一下订单号。", "订单号是{order}，我刚才已经发过了。"),
        "misread": ("请问您是想换成其他尺码吗？", "不是，我就是想取消订单。"),
        "resolve": {
            5: ["订单在仓库打包之前已经为您取消了，{amount}全额退回到您的银行卡。"],
            4: ["好的，订单已经取消了。"],
            3: ["我已经通知仓库暂停发货。"],
            2: ["现在已经取消不了了，不过您可以在收货时拒收。"],
            1: ["订单一旦提交就不能取消。"],
        },
        "clear": ["几分钟内您会收到取消订单的邮件，款项会在{days}个工作日内退回到您的卡上。"],
        "overpromise": ["一个小时内钱就会退回到您的卡上。"],
        "followups": [("那我可以直接重新下单买别的尺码吗？", "可以，直接下新订单就行，如果有货，明天就能发出。"),
                      ("我会收到确认通知吗？", "会的，取消订单的邮件会发到您的邮箱。")],
    },
    "policy": {
        "subject": ["退货政策咨询", "打折商品可以退货吗？"],
        "open": ["您好！请问促销时买的商品可以退货吗？", "你好，如果我买了打折的东西，之后还能退吗？"],
        "restate": ["明白，您是想了解打折商品是否也适用正常的退货规则。"],
        "misread": ("请问您是想为您的订单申请退货吗？", "不是，我还没买，只是想先问一下规则。"),
        "resolve": {
            5: ["可以的，促销商品和其他商品一样，30天内都可以退货，退款会原路返回。唯一的例外是内衣和耳环，出于卫生原因不支持退货。"],
            4: ["可以，打折商品30天内都可以退货。"],
            3: ["可以退的。"],
            2: ["应该可以，不过您最好再看看网站上的说明。"],
            1: ["不可以，促销商品一经售出不退不换。"],
        },
        "followups": [("退货运费是免费的吗？", "是的，通过快递网点退货对您是免费的。")],
    },
}  # fmt: skip

GENERAL["ar"] = {
    "bot_name": "مساعد Meridian",
    "bot_hello": ["مرحباً! أنا المساعد الافتراضي لـ Meridian. كيف يمكنني مساعدتك اليوم؟",
                  "أهلاً بك! يرجى كتابة سؤالك باختصار، وسأحوّلك إلى الموظف المناسب."],
    "bot_handover": ["شكراً لك! جارٍ تحويلك إلى أحد موظفي الدعم، وعادةً يستغرق ذلك دقيقتين تقريباً.",
                     "تم استلام طلبك. سيتم تحويل المحادثة إلى أحد المختصين، يرجى البقاء في المحادثة."],
    "greet_full": ["مرحباً {addr}، معك {agent} من فريق دعم عملاء Meridian.",
                   "أهلاً {addr}! أنا {agent} من خدمة العملاء في Meridian.",
                   "السلام عليكم {addr}، معك {agent} من دعم Meridian."],
    "greet_noname": ["مرحباً {addr}!", "أهلاً وسهلاً."],
    "ack": ["سأتحقق من ذلك الآن.", "يسعدني مساعدتك في ذلك.", "شكراً لتواصلك معنا، سنحل الأمر معاً."],
    "empathy": ["أعتذر حقاً عن اضطرارك للتواصل معنا مرة أخرى، وأتفهم تماماً مدى إزعاج ذلك.",
                "أتفهم استياءك تماماً، فالموقف مزعج فعلاً، وأعتذر عن ذلك.",
                "يؤسفني ما حدث، فهذه ليست التجربة التي نريدها لك."],
    "formulaic": ["نعتذر عن الإزعاج.", "نأسف لأي إزعاج قد يكون حدث."],
    "frustrated": ["هذه ثاني مرة أتواصل معكم بخصوص هذا الموضوع.", "بصراحة، لقد تعبت من الانتظار.",
                   "منذ عدة أيام لم يرد عليّ أحد."],
    "verify_two": ["قبل الاطلاع على حسابك، يرجى تأكيد البريد الإلكتروني المسجل في الحساب وآخر أربعة أرقام من رقم هاتفك.",
                   "حفاظاً على أمان حسابك، يرجى تزويدي بالبريد الإلكتروني المسجل وآخر أربعة أرقام من الهاتف."],
    "cust_verify_two": ["أكيد، البريد {email} وآخر أربعة أرقام {phone4}.", "{email}، والرقم ينتهي بـ {phone4}."],
    "verify_one": ["ما البريد الإلكتروني المسجل في حسابك؟", "هل يمكنك تزويدي ببريدك الإلكتروني؟"],
    "cust_verify_one": ["{email}", "البريد هو {email}"],
    "checking": ["شكراً! لحظة من فضلك، أتحقق الآن.", "شكراً، سأراجع الأمر حالاً.", "شكراً لك، دقيقة واحدة من فضلك."],
    "checking_plain": ["لحظة من فضلك، أتحقق من ذلك.", "دقيقة واحدة، سأراجع الأمر."],
    "ask_email": ("ما البريد الإلكتروني المسجل في حسابك؟", "كتبته لك قبل قليل: {email}"),
    "curt_challenge": ["ألا يوجد حل آخر فعلاً؟", "وماذا أفعل الآن إذن؟"],
    "curt": ["كما ذكرت سابقاً، لا يمكنني فعل أي شيء آخر من جهتي.", "قلت لك إن عليك الانتظار."],
    "rude": ["لو قرأت رسالتي بتمعن لما سألت مرة أخرى."],
    "jargon_q": ["عفواً، ماذا يعني هذا؟", "لم أفهم، ماذا ⟪تقصد|تقصدين⟫؟"],
    "vague": ["من المفترض أن تُحل المشكلة قريباً.", "سنتابع الأمر ونعود إليك.", "سيتواصل معك أحد الزملاء قريباً."],
    "closing_offer": ["هل هناك أي شيء آخر يمكنني مساعدتك فيه؟", "هل لديك أي استفسار آخر؟"],
    "closing_bye": ["شكراً لتواصلك مع Meridian، أتمنى لك يوماً سعيداً!", "شكراً لصبرك يا {addr}، طاب يومك!",
                    "سعدت بمساعدتك، في أمان الله."],
    "cust_thanks": ["ممتاز، شكراً لك!", "تمام، شكراً على المساعدة.", "رائع، شكراً.", "شكراً جزيلاً!"],
    "cust_unhappy": ["طيب.", "هذا لم يحل المشكلة فعلاً، لكن لا بأس."],
    "cust_no_more": ["لا، هذا كل شيء. شكراً!", "لا، لا شيء آخر.", "هذا كل ما أحتاجه، شكراً."],
    "cust_bye": ["مع السلامة!", "شكراً، إلى اللقاء."],
    "agent_abrupt": ["تمام", "حسناً."],
    "breach_drop": ["لا داعي لذلك، لقد عرفت سبب المشكلة."],
    "breach_reply": ["هل من الآمن إرسال ذلك هنا؟", "حسناً..."],
    "phone_greet_full": ["خدمة عملاء Meridian، معك {agent}، كيف يمكنني مساعدتك؟", "مرحباً، Meridian، أنا {agent}، تفضل."],
    "phone_greet_noname": ["خدمة عملاء Meridian، مرحباً.", "Meridian، تفضل."],
    "phone_greet_none": ["ألو؟"],
    "phone_filler_agent": ["نعم.", "تمام.", "مفهوم."],
    "phone_filler_cust": ["نعم.", "أيوه.", "تمام.", "حسناً."],
    "phone_closing_bye": ["شكراً لاتصالك، أتمنى لك يوماً سعيداً. مع السلامة!", "شكراً لتواصلك مع Meridian. في أمان الله!"],
    "phone_abrupt": ["طيب، مع السلامة."],
    "email_cust_greet": ["مرحباً،", "السلام عليكم،", "فريق Meridian المحترم،"],
    "email_cust_sign": ["شكراً،\n{cust}", "مع التحية،\n{cust}"],
    "email_cust_extra": ["أرجو الرد في أقرب وقت.", "أرجو إفادتي بما يمكن فعله.", "شكراً مقدماً."],
    "email_greet": ["مرحباً {addr}،", "⟪عزيزي|عزيزتي⟫ {addr}،"],
    "email_intro_full": ["شكراً لتواصلك مع Meridian. معك {agent}، وسأتولى متابعة طلبك.",
                         "شكراً على رسالتك! أنا {agent} من فريق دعم عملاء Meridian."],
    "email_intro_noname": ["شكراً لتواصلك مع Meridian.", "شكراً على رسالتك."],
    "email_closing_offer": ["إذا كانت لديك أي أسئلة أخرى، يكفي الرد على هذه الرسالة وسأكون ⟨سعيداً|سعيدة⟩ بمساعدتك.",
                            "إذا احتجت إلى أي مساعدة أخرى، يسعدنا تلقي ردك على هذه الرسالة."],
    "email_sign_full": ["مع أطيب التحيات،\n{agent}\nخدمة عملاء Meridian", "مع التحية،\n{agent}\nفريق دعم Meridian"],
    "email_sign_noname": ["مع أطيب التحيات،\nخدمة عملاء Meridian"],
    "email_sign_abrupt": ["Meridian"],
    "email_other_address": ["أراسلكم من بريد العمل لأنني لا أستطيع الدخول إلى بريدي الشخصي حالياً.",
                            "هذا ليس البريد المسجل في حسابي، فليس لدي وصول إليه الآن."],
    "email_followup_thanks": ["شكراً، الأمر واضح الآن!", "شكراً على الرد السريع."],
    "email_final": ["على الرحب والسعة يا {addr}! أتمنى لك يوماً سعيداً.", "سعداء بخدمتك دائماً، لا ⟪تتردد|تترددي⟫ في التواصل معنا."],
    "items": ["حذاء رياضي", "سماعات لاسلكية", "حقيبة ظهر", "غلاية كهربائية", "مكنسة كهربائية", "كنزة صوفية", "خلاط", "ساعة يد"],
    "weekdays": ["يوم الثلاثاء", "يوم الأربعاء", "يوم الخميس", "يوم الجمعة"],
    "days": ["3–5", "5–7"],
    "typos": [("إن شاء الله", "إنشاء الله"), ("ذلك", "ذالك"), ("هذه", "هاذه"), ("لكن", "لاكن")],
}  # fmt: skip

TOPICS["ar"] = {
    "delivery": {
        "subject": ["أين طلبي؟", "الطلب {order} لم يصل حتى الآن", "الشحنة لم تصل"],
        "open": ["مرحباً، قبل أسبوع قدمت طلباً برقم {order} لشراء {item}، وحتى الآن لم يصلني شيء.",
                 "السلام عليكم، كان من المفترض أن يصل الطلب {order} يوم الاثنين، لكن حالة التتبع لم تتغير منذ ثلاثة أيام.",
                 "لو سمحت، أين شحنتي؟ رقم الطلب {order}."],
        "restate": ["أفهم أن الشحنة لم تصلك بعد، وأن معلومات التتبع لا توضح شيئاً. سأتحقق الآن من مكانها."],
        "ask_again": ("هل يمكنك تزويدي برقم الطلب؟", "ذكرته في الأعلى: {order}"),
        "misread": ("يمكنني تسجيل طلب إرجاع لك. هل ⟪تفضل|تفضلين⟫ استرداد المبلغ أم الاستبدال؟",
                    "لا، لم أستلم شيئاً بعد! أريد فقط أن أعرف أين الشحنة."),
        "resolve": {
            5: ["الشحنة الآن في مركز الفرز في مدينتك، وقد تأخرت لدى شركة الشحن بسبب ضغط الطلبات. سيسلّمها المندوب {weekday}، وقد طلبت من شركة الشحن إعطاءها الأولوية."],
            4: ["الشحنة في مركز الفرز في مدينتك، وسيسلّمها المندوب {weekday}."],
            3: ["أرى أن الشحنة ما زالت في الطريق، وقد أرسلت استفساراً إلى شركة الشحن."],
            2: ["أحياناً يتأخر تحديث التتبع، لذلك غالباً الشحنة في الطريق. إذا لم تصل خلال بضعة أيام، ⟪راسلنا|راسلينا⟫ مرة أخرى."],
            1: ["النظام يظهر أن الشحنة تم تسليمها، ربما تركها المندوب عند أحد الجيران."],
        },
        "clear": ["إذا لم تصلك الشحنة {weekday}، سأرسل لك شحنة بديلة مجاناً، وسيصلك رقم التتبع الجديد على بريدك في اليوم نفسه إن شاء الله."],
        "overpromise": ["أضمن لك شخصياً أن الشحنة ستصلك {weekday} مهما حدث."],
        "followups": [("هل يجب أن أكون في المنزل لاستلامها؟", "لا، لا حاجة للتوقيع، يمكن للمندوب تركها في مكان آمن أو تسليمها لأحد الجيران."),
                      ("هل يمكن تغيير عنوان التوصيل؟", "الشحنة أصبحت لدى شركة الشحن، لذلك لا يمكن تغيير العنوان، لكن يمكنك استلامها بنفسك من الفرع.")],
    },
    "refund": {
        "subject": ["لم يتم استرداد المبلغ", "أين المبلغ المسترد؟", "استرداد مبلغ الطلب {order}"],
        "open": ["مرحباً، قبل أسبوعين أعدت إليكم المنتج من الطلب {order}، وحتى الآن لم يصلني المبلغ.",
                 "السلام عليكم، متى سيُعاد إليّ مبلغ الطلب {order}؟ لقد استلمتم المرتجع الأسبوع الماضي."],
        "restate": ["أفهم أنك أرجعت المنتج ولم يصلك المبلغ بعد، سأتحقق الآن من مرحلة الاسترداد."],
        "ask_again": ("هل يمكنك تزويدي برقم الطلب؟", "موجود في رسالتي الأولى: {order}"),
        "misread": ("هل ⟪ترغب|ترغبين⟫ في تقديم طلب إرجاع لهذا الطلب؟", "لقد أرجعته بالفعل! سؤالي عن المبلغ."),
        "resolve": {
            5: ["وصل المرتجع إلى مستودعنا واجتاز الفحص، وقد أصدرت الآن استرداد مبلغ {amount} إلى البطاقة التي دفعت بها."],
            4: ["تمت الموافقة على استرداد {amount} وإرساله إلى بطاقتك."],
            3: ["أرى أن المرتجع وصل إلى المستودع، ومن المفترض أن يُعاد المبلغ."],
            2: ["قسم المالية هو المسؤول عن الاسترداد، يرجى التواصل مع البنك الذي تتعامل معه."],
            1: ["للأسف، الاسترداد متاح فقط خلال 14 يوماً من الشراء، لذلك لا يمكن استرداد هذا المبلغ."],
        },
        "clear": ["يصل المبلغ عادةً إلى بطاقتك خلال {days} أيام عمل، وقد أرسلنا إلى بريدك رسالة تأكيد الاسترداد."],
        "overpromise": ["سيعود المبلغ إلى بطاقتك اليوم."],
        "followups": [("هل ستُعاد رسوم الشحن أيضاً؟", "نعم، رسوم الشحن الأصلية مشمولة في المبلغ المسترد."),
                      ("هل يمكن استرداد المبلغ كرصيد في الحساب بدلاً من البطاقة؟", "بعد إصدار الاسترداد لا يمكن تغيير طريقته، لكن في المرة القادمة يمكنك اختيار الرصيد عند تقديم طلب الإرجاع.")],
    },
    "login": {
        "subject": ["لا أستطيع تسجيل الدخول", "لا تصلني رسالة استعادة كلمة المرور", "الحساب مقفل"],
        "open": ["مرحباً، لا أستطيع الدخول إلى حسابي، تظهر رسالة أن كلمة المرور خاطئة مع أنني لم أغيّرها.",
                 "السلام عليكم، ضغطت على «نسيت كلمة المرور؟» عدة مرات، لكن الرسالة لا تصل أبداً."],
        "restate": ["أفهم أنك لا ⟪تستطيع|تستطيعين⟫ الدخول إلى حسابك، سأتحقق الآن مما يحدث فيه."],
        "misread": ("هل ⟪ترغب|ترغبين⟫ في تغيير البريد الإلكتروني المسجل في الحساب؟", "لا، أريد فقط الدخول إلى حسابي مرة أخرى."),
        "resolve": {
            5: ["تم قفل حسابك تلقائياً بعد عدة محاولات دخول فاشلة. لقد ألغيت القفل وأرسلت لك رابطاً جديداً لتغيير كلمة المرور، وهو صالح لمدة 30 دقيقة."],
            4: ["ألغيت قفل الحساب وأرسلت لك رابط تغيير كلمة المرور."],
            3: ["يرجى المحاولة مرة أخرى لاستعادة كلمة المرور."],
            2: ["⟪جرّب|جرّبي⟫ متصفحاً آخر أو ⟪امسح|امسحي⟫ ذاكرة التخزين المؤقت."],
            1: ["عليك إنشاء حساب جديد، فلا يمكن استعادة الحساب القديم."],
        },
        "clear": ["ستصلك الرسالة خلال خمس دقائق، وإذا لم تصل ⟪تحقق|تحققي⟫ من مجلد الرسائل غير المرغوب فيها ⟪واكتب|واكتبي⟫ لي هنا، وسأبقى في المحادثة حتى ⟪تتمكن|تتمكني⟫ من الدخول."],
        "clear_phone": ["ستصلك الرسالة خلال خمس دقائق، وإذا لم تصل ⟪تحقق|تحققي⟫ من مجلد الرسائل غير المرغوب فيها، وسأبقى معك على الخط حتى ⟪تتمكن|تتمكني⟫ من الدخول."],
        "clear_email": ["ستصلك الرسالة خلال خمس دقائق، وإذا لم تصل ⟪تحقق|تحققي⟫ من مجلد الرسائل غير المرغوب فيها أو ⟪رد|ردي⟫ على هذه الرسالة وسأتحقق من الأمر مجدداً."],
        "overpromise": ["أضمن لك أن هذا لن يتكرر أبداً."],
        "breach": ["⟪أرسل|أرسلي⟫ لي كلمة المرور الحالية لأتحقق من صحتها."],
        "followups": [("هل سيبقى سجل طلباتي كما هو؟", "نعم، لن يتغير شيء في حسابك سوى كلمة المرور."),
                      ("هل يمكن تفعيل التحقق بخطوتين؟", "نعم، بعد تسجيل الدخول ⟪ادخل|ادخلي⟫ إلى «الحساب» ← «الأمان» ← «التحقق بخطوتين».")],
    },
    "billing": {
        "subject": ["خصم مكرر", "تم الخصم من بطاقتي مرتين", "دفع الطلب {order} مرتين"],
        "open": ["مرحباً! تم خصم {amount} من بطاقتي مرتين مقابل الطلب {order}.",
                 "السلام عليكم، أرى في كشف الحساب دفعتين بقيمة {amount}، مع أنني قدمت طلباً واحداً فقط."],
        "restate": ["أفهم أنه تم خصم {amount} مرتين مقابل طلب واحد، سأراجع الدفعتين الآن."],
        "ask_again": ("هل يمكنك تزويدي برقم الطلب؟", "ذكرته سابقاً: {order}"),
        "misread": ("هل ⟪ترغب|ترغبين⟫ في تغيير طريقة الدفع للطلبات القادمة؟", "لا، خُصم مني المبلغ مرتين وأريد استرجاعه."),
        "resolve": {
            5: ["معك حق، الدفعة الثانية هي تفويض مكرر. لقد ألغيتها، وسيعود مبلغ {amount} المحجوز إلى بطاقتك."],
            4: ["الدفعة الثانية مجرد حجز مؤقت وسيتم إلغاؤه."],
            3: ["حوّلت استفسارك إلى قسم المالية."],
            2: ["يرجى التواصل مع البنك للاعتراض على العملية."],
            1: ["الدفعتان صحيحتان، فرسوم الشحن تُحتسب بشكل منفصل."],
        },
        "clear": ["سيُلغي البنك الحجز خلال {days} أيام عمل، وإذا لم يعد المبلغ بعد ذلك ⟪أرسل|أرسلي⟫ لنا هنا صورة من كشف الحساب وسنعيده إليك مباشرة إن شاء الله."],
        "clear_phone": ["سيُلغي البنك الحجز خلال {days} أيام عمل، وإذا لم يعد المبلغ بعد ذلك ⟪أرسل|أرسلي⟫ لنا صورة من كشف الحساب رداً على رسالة التأكيد وسنعيده إليك مباشرة إن شاء الله."],
        "overpromise": ["سيعود المبلغ إلى بطاقتك خلال ساعة."],
        "breach": ["⟪أرسل|أرسلي⟫ لي رقم البطاقة كاملاً حتى أجد الدفعة."],
        "followups": [("لماذا حدث ذلك؟", "أرسل نظام الدفع طلب الدفع مرتين عند تحديث الصفحة، وهذا خلل نادر."),
                      ("هل عليّ مراجعة البنك؟", "لا، لا داعي لذلك، سيُلغى الحجز تلقائياً.")],
    },
    "cancel": {
        "subject": ["إلغاء طلب", "أريد إلغاء الطلب {order}", "أرجو إلغاء الطلب"],
        "open": ["مرحباً، أريد إلغاء الطلب {order}، اخترت المقاس الخطأ.",
                 "السلام عليكم، هل ما زال بالإمكان إلغاء الطلب {order}؟ قدمته قبل ساعة."],
        "restate": ["مفهوم، يجب إلغاء الطلب قبل شحنه. سأتحقق من حالته الآن."],
        "ask_again": ("هل يمكنك تزويدي برقم الطلب؟", "رقمه {order}، وقد ذكرته من قبل."),
        "misread": ("هل ⟪ترغب|ترغبين⟫ في استبدال المنتج بمقاس آخر؟", "لا، أريد إلغاء الطلب فقط."),
        "resolve": {
            5: ["ألغيت الطلب قبل تجهيزه في المستودع، وسيُعاد المبلغ كاملاً ({amount}) إلى بطاقتك."],
            4: ["تم، ألغيت الطلب."],
            3: ["طلبت من المستودع إيقاف الشحن."],
            2: ["لم يعد الإلغاء ممكناً، لكن يمكنك رفض استلام الشحنة عند وصولها."],
            1: ["لا يمكن إلغاء الطلبات بعد تقديمها."],
        },
        "clear": ["ستصلك رسالة تأكيد الإلغاء خلال دقائق، وسيعود المبلغ إلى بطاقتك خلال {days} أيام عمل إن شاء الله."],
        "overpromise": ["سيعود المبلغ إلى بطاقتك خلال ساعة."],
        "followups": [("هل يمكنني طلب مقاس آخر مباشرة؟", "نعم، ⟪قدّم|قدّمي⟫ طلباً جديداً، وإذا كان المنتج متوفراً فسيُشحن غداً."),
                      ("هل سيصلني تأكيد؟", "نعم، ستصلك رسالة الإلغاء على بريدك الإلكتروني.")],
    },
    "policy": {
        "subject": ["استفسار عن الإرجاع", "هل يمكن إرجاع المنتجات المخفضة؟"],
        "open": ["مرحباً! هل يمكن إرجاع منتج اشتريته في التخفيضات؟",
                 "السلام عليكم، إذا اشتريت منتجاً مخفضاً، هل يمكنني إرجاعه لاحقاً؟"],
        "restate": ["أفهم أنك ⟪تريد|تريدين⟫ معرفة ما إذا كانت شروط الإرجاع العادية تنطبق على المنتجات المخفضة."],
        "misread": ("هل ⟪ترغب|ترغبين⟫ في تقديم طلب إرجاع لطلبك؟", "لا، لم أشترِ شيئاً بعد، أسأل فقط عن الشروط."),
        "resolve": {
            5: ["نعم، يمكن إرجاع منتجات التخفيضات خلال 30 يوماً مثل أي منتج آخر، ويُعاد المبلغ بطريقة الدفع نفسها. الاستثناء الوحيد هو الملابس الداخلية والأقراط لأسباب صحية."],
            4: ["نعم، يمكن إرجاع المنتجات المخفضة خلال 30 يوماً."],
            3: ["نعم، يمكن إرجاعها."],
            2: ["أعتقد ذلك، لكن من الأفضل مراجعة الشروط على الموقع."],
            1: ["لا، منتجات التخفيضات لا تُرد ولا تُستبدل."],
        },
        "followups": [("هل الإرجاع مجاني؟", "نعم، الإرجاع عن طريق فروع شركة الشحن مجاني.")],
    },
}  # fmt: skip


def format_amount(rng: random.Random, lang: str) -> str:
    if lang == "en":
        return "$" + rng.choice(
            ["29.90", "49.90", "59.00", "74.50", "89.90", "119.00", "149.00", "24.99"]
        )
    if lang in ("uk", "ru"):
        return rng.choice(["499", "899", "1 249", "1 799", "2 399", "3 150"]) + " грн"
    if lang == "zh":
        return rng.choice(["129", "199", "299", "459", "699"]) + "元"
    return rng.choice(["149", "249", "399", "599", "189"]) + " درهم"


# ---------------------------------------------------------------------------------------------
# Time
# ---------------------------------------------------------------------------------------------


def to_utc(local: datetime, zone: str) -> datetime:
    """Local wall-clock time in one of the demo's zones as UTC (the 2026 offsets, written out so
    the output does not depend on the machine's time-zone database)."""
    if zone == "ny":
        hours = -4  # EDT until 1 November 2026
    elif zone == "kyiv":
        hours = 3 if local < datetime(2026, 10, 25, 4) else 2
    elif zone == "berlin":
        hours = 2 if local < datetime(2026, 10, 25, 3) else 1
    elif zone == "shanghai":
        hours = 8
    elif zone == "dubai":
        hours = 4
    else:
        raise ValueError(zone)
    return (local - timedelta(hours=hours)).replace(tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


ALL_DAYS = [FIRST_DAY + timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
WEEKDAY_WEIGHT = [1.25, 1.15, 1.05, 1.0, 0.95, 0.5, 0.35]
DELIVERY_INCIDENT = (date(2026, 9, 14), date(2026, 9, 20))  # a carrier backlog: late parcels
AUTUMN_SALE = (date(2026, 10, 5), date(2026, 10, 11))  # more payments and cancellations

HOURS = {
    "chat": {8: 1, 9: 3, 10: 5, 11: 6, 12: 5, 13: 4, 14: 5, 15: 5, 16: 4, 17: 3, 18: 2, 19: 2, 20: 1},
    "phone": {9: 4, 10: 6, 11: 6, 12: 4, 13: 4, 14: 5, 15: 5, 16: 4, 17: 3},
    "email": {7: 2, 8: 3, 9: 4, 10: 4, 11: 4, 12: 3, 13: 3, 14: 3, 15: 3, 16: 3, 17: 3, 18: 3,
              19: 3, 20: 4, 21: 4, 22: 3, 23: 2},
    "coffee": {7: 6, 8: 8, 9: 6, 10: 4, 11: 3, 12: 3, 13: 2, 14: 2, 15: 2, 16: 1},
}  # fmt: skip


def pick_weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def pick_day(rng: random.Random, channel: str, earliest: date = FIRST_DAY) -> date:
    days = [d for d in ALL_DAYS if d >= earliest and not (channel == "phone" and d.weekday() == 6)]
    return rng.choices(days, weights=[WEEKDAY_WEIGHT[d.weekday()] for d in days])[0]


def local_start(rng: random.Random, day: date, hours_key: str) -> datetime:
    hour = pick_weighted(rng, HOURS[hours_key])
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def next_business_moment(moment: datetime, rng: random.Random) -> datetime:
    """``moment`` if it falls in office hours (Mon–Fri 9–18), else a time early next working day."""
    while moment.weekday() >= 5 or moment.hour >= 18 or moment.hour < 9:
        if moment.hour >= 18 or moment.weekday() >= 5:
            moment = (moment + timedelta(days=1)).replace(hour=9, minute=0, second=0)
        else:
            moment = moment.replace(hour=9, minute=0, second=0)
        moment += timedelta(minutes=rng.randrange(5, 150), seconds=rng.randrange(60))
    return moment


# ---------------------------------------------------------------------------------------------
# Behaviour: what the agent did in one conversation (drives both the text and the reviews)
# ---------------------------------------------------------------------------------------------


@dataclass
class Behaviour:
    greet: str = "full"  # full | noname | none
    greet_used_name: bool = True
    verify: str = "na"  # two | one | skipped | na
    discovery: int = 4  # 1–5
    discovery_kind: str = ""  # restated | ask_order | ask_email | misread
    answer: int = 4  # 1–5
    process: str = "ok"  # ok | overpromise | missing note
    expectations: str = "na"  # clear | vague | missing | overpromise | na
    tone: int = 4
    tone_kind: str = ""  # curt | rude
    clarity: str = "good"  # poor | fair | good | great
    typos: int = 0  # how many slips to put in
    typo_words: list[str] = field(default_factory=list)
    empathy: str = "na"  # yes | formulaic | none | na
    breach: str = ""  # "" | card | password
    closing: bool = True
    frustrated: bool = False
    email_other_address: bool = False
    fixed: dict[str, tuple[str, list[str], str]] = field(default_factory=dict)


def _agent_p(agent: AgentProfile, day: date, criterion: str) -> float:
    weeks = (day - FIRST_DAY).days / 7
    p = agent.skill + agent.slope * (weeks - 6)
    fixed_on = agent.fixed.get(criterion)
    if criterion in agent.weak and (fixed_on is None or day < fixed_on):
        p -= 0.45
    if criterion in agent.strong:
        p += 0.1
    return max(0.05, min(0.99, p))


def _level(rng: random.Random, p: float, low: float, high: float, spread: float) -> int:
    return max(1, min(5, round(rng.gauss(low + (high - low) * p, spread))))


def sample_behaviour(
    rng: random.Random, agent: AgentProfile, day: date, topic: str, channel: str
) -> Behaviour:
    meta = TOPIC_META[topic]
    b = Behaviour()

    def p(criterion: str) -> float:
        return _agent_p(agent, day, criterion)

    frustrated_p = {"delivery": 0.27, "refund": 0.27, "policy": 0.0}.get(topic, 0.12)
    if topic == "delivery" and DELIVERY_INCIDENT[0] <= day <= DELIVERY_INCIDENT[1]:
        frustrated_p += 0.25
    b.frustrated = rng.random() < frustrated_p
    if rng.random() < 0.5 + 0.5 * p("greeting"):
        b.greet = "full"
    else:
        b.greet = "noname" if rng.random() < 0.65 else "none"
    if meta["account"]:
        if channel == "email":
            b.verify = "two" if rng.random() < 0.9 + 0.1 * p("data_protection") else "skipped"
            b.email_other_address = b.verify == "skipped"
        elif rng.random() < 0.72 + 0.28 * p("data_protection"):
            b.verify = "two"
        else:
            b.verify = "one" if rng.random() < 0.5 else "skipped"
    b.discovery = _level(rng, p("discovery"), 2.3, 5.0, 0.75)
    b.answer = _level(rng, p("correct_answer"), 2.2, 5.2, 0.75)
    if meta["pending"] and b.answer == 2:
        b.expectations = "missing" if rng.random() < 0.65 else "vague"
    elif meta["pending"] and b.answer >= 3:
        if rng.random() > 0.72 + 0.28 * p("process"):
            b.process = "overpromise"
            b.expectations = "overpromise"
        elif rng.random() < 0.35 + 0.65 * p("expectations"):
            b.expectations = "clear"
        else:
            b.expectations = "vague" if rng.random() < 0.7 else "missing"
    if channel == "email" and b.answer == 3:
        b.process = "ok" if rng.random() < 0.55 + 0.45 * p("process") else "missing note"
    b.tone = _level(rng, p("tone"), 2.7, 5.2, 0.6)
    if b.tone <= 3:
        b.tone_kind = "rude" if b.tone == 1 else "curt"
    clarity = max(0, min(3, round(rng.gauss(0.9 + 2.4 * p("clarity"), 0.6))))
    if b.answer < 4:
        clarity = max(clarity, 2)  # the jargon that shows poor clarity restates a finished fix
    b.clarity = ["poor", "fair", "good", "great"][clarity]
    if channel != "phone" and rng.random() > 0.62 + 0.38 * p("grammar"):
        b.typos = 1 if rng.random() < 0.65 else 3
    if b.frustrated:
        if rng.random() < 0.4 + 0.6 * p("empathy"):
            b.empathy = "yes"
        else:
            b.empathy = "formulaic" if rng.random() < 0.55 else "none"
    breach = meta.get("breach")
    if breach and channel != "phone" and rng.random() < 0.02 + 0.12 * (1 - p("payment_data")):
        b.breach = breach
    b.closing = rng.random() < 0.6 + 0.4 * p("closing")
    return b


# ---------------------------------------------------------------------------------------------
# Rendering the store conversations (all five languages)
# ---------------------------------------------------------------------------------------------

SPEAKER_FORM = re.compile(r"⟨([^|⟩]*)\|([^⟩]*)⟩")
ADDRESSEE_FORM = re.compile(r"⟪([^|⟫]*)\|([^⟫]*)⟫")


def fill(template: str, speaker: str, addressee: str, values: dict[str, str]) -> str:
    text = SPEAKER_FORM.sub(lambda m: m.group(1) if speaker == "m" else m.group(2), template)
    text = ADDRESSEE_FORM.sub(lambda m: m.group(1) if addressee == "m" else m.group(2), text)
    return text.format_map(values)


@dataclass
class Turn:
    role: str  # customer | agent | bot | system
    text: str
    kind: str = ""  # what it is, for timing: open, greet, check, filler, note, ...
    internal: bool = False


class Script:
    """Collects the turns of one conversation, filling templates for the right speaker."""

    def __init__(self, rng: random.Random, lang: str, agent: AgentProfile, customer: Customer,
                 values: dict[str, str]):  # fmt: skip
        self.rng, self.lang, self.agent, self.customer = rng, lang, agent, customer
        self.values = values
        self.turns: list[Turn] = []
        self.general = GENERAL[lang]
        self.open_index = 0

    def opening(self, topic: str) -> str:
        options = TOPICS[self.lang][topic]["open"]
        self.open_index = self.rng.randrange(len(options))
        return options[self.open_index]

    def subject(self, topic: str) -> str:
        options = TOPICS[self.lang][topic]["subject"]
        allowed = (
            TOPIC_META[topic].get("subjects_for_open", {}).get(self.open_index, range(len(options)))
        )
        return self.c(options[self.rng.choice(list(allowed))])

    def pick(self, key_or_list: str | list[str]) -> str:
        options = self.general[key_or_list] if isinstance(key_or_list, str) else key_or_list
        return self.rng.choice(options)

    def a(self, template: str) -> str:
        return fill(template, self.agent.gender, self.customer.gender, self.values)

    def c(self, template: str) -> str:
        return fill(template, self.customer.gender, self.agent.gender, self.values)

    def agent_says(self, template: str, kind: str = "") -> None:
        self.turns.append(Turn("agent", self.a(template), kind))

    def customer_says(self, template: str, kind: str = "") -> None:
        self.turns.append(Turn("customer", self.c(template), kind))

    def join(self, *parts: str, sep: str = " ") -> str:
        sep = "" if self.lang == "zh" and sep == " " else sep
        return sep.join(p for p in parts if p)


def frustration(s: Script, topic: str) -> str:
    """What an upset customer adds: waiting for days only fits a late parcel or refund."""
    lines = s.general["frustrated"]
    return s.rng.choice(lines if topic in ("delivery", "refund") else lines[:1])


def render_live(s: Script, topic: str, b: Behaviour, channel: str) -> None:
    """A chat or a phone call: short turns, the agent greets, checks, answers and closes."""
    g, t = s.general, TOPICS[s.lang][topic]
    phone = channel == "phone"
    open_template = s.opening(topic)
    bot = not phone and s.rng.random() < 0.35
    if phone:
        s.turns.append(
            Turn("system", f"Inbound call · {TOPIC_META[topic]['queue']} queue", "start")
        )
        greet = {
            "full": "phone_greet_full",
            "noname": "phone_greet_noname",
            "none": "phone_greet_none",
        }
        s.agent_says(s.pick(greet[b.greet]), "greet")
        b.greet_used_name = False
    elif bot:
        s.turns.append(Turn("bot", s.pick("bot_hello"), "bot"))
    s.customer_says(open_template, "open")
    if b.frustrated:
        s.customer_says(frustration(s, topic))
    if bot:
        s.turns.append(Turn("bot", s.pick("bot_handover"), "bot"))
        s.turns.append(Turn("system", f"{s.agent.name} joined the chat", "join"))
    first: list[str] = []
    acknowledged = False
    if not phone and b.greet == "full":
        first.append(s.a(s.pick("greet_full")))
    elif not phone and b.greet == "noname":
        template = s.pick("greet_noname")
        b.greet_used_name = "{addr}" in template
        first.append(s.a(template))
    if b.empathy == "yes":
        first.append(s.a(s.pick("empathy")))
    elif phone or b.greet != "none" or s.rng.random() < 0.5:
        first.append(s.a(s.pick("ack")))
        acknowledged = True
    if first:
        s.turns.append(Turn("agent", s.join(*first), "first"))
    if b.discovery <= 2:
        question, correction = t["misread"]
        s.agent_says(question)
        s.customer_says(correction)
        b.discovery_kind = "misread"
    elif b.discovery == 5:
        s.agent_says(s.rng.choice(t["restate"]))
        b.discovery_kind = "restated"
    if b.verify == "two":
        s.agent_says(s.pick("verify_two"))
        s.customer_says(s.pick("cust_verify_two"))
        if phone and s.rng.random() < 0.5:
            s.agent_says(s.pick("phone_filler_agent"), "filler")
        s.agent_says(s.pick("checking"), "check")
    elif b.verify == "one":
        s.agent_says(s.pick("verify_one"))
        s.customer_says(s.pick("cust_verify_one"))
        s.agent_says(s.pick("checking"), "check")
    elif not acknowledged:
        s.agent_says(s.pick("checking_plain"), "check")
    if b.discovery == 3:
        if "{order}" in open_template and "ask_again" in t:
            ask, reply = t["ask_again"]
            b.discovery_kind = "ask_order"
        elif b.verify in ("two", "one"):
            ask, reply = g["ask_email"]
            b.discovery_kind = "ask_email"
        else:
            ask = reply = ""
        if ask:
            s.agent_says(ask)
            s.customer_says(reply)
    if b.breach:
        s.agent_says(t["breach"][0])
        s.customer_says(s.pick("breach_reply"))
        s.agent_says(s.pick("breach_drop"))
    s.agent_says(s.rng.choice(t["resolve"][b.answer]), "answer")
    if phone and s.rng.random() < 0.5:
        s.customer_says(s.pick("phone_filler_cust"), "filler")
    if b.clarity in ("fair", "poor"):
        jargon, meaning = JARGON[s.lang][topic]
        s.agent_says(jargon)
        if b.clarity == "poor":
            s.customer_says(s.pick("jargon_q"))
            s.agent_says(meaning)
    if b.expectations == "clear":
        s.agent_says(s.rng.choice(t["clear_phone" if phone and "clear_phone" in t else "clear"]))
    elif b.expectations == "vague":
        s.agent_says(s.pick("vague"))
    elif b.expectations == "overpromise":
        s.agent_says(s.rng.choice(t["overpromise"]))
    if b.tone_kind:
        s.customer_says(s.pick("curt_challenge"))
        s.agent_says(s.pick("rude" if b.tone_kind == "rude" else "curt"))
    if b.answer >= 3 and not b.tone_kind and s.rng.random() < 0.4:
        question, answer = s.rng.choice(t["followups"])
        s.customer_says(question)
        s.agent_says(answer)
    if b.empathy == "formulaic":
        s.agent_says(s.pick("formulaic"))
    happy = b.answer >= 3 and not b.tone_kind
    s.customer_says(s.pick("cust_thanks" if happy else "cust_unhappy"), "thanks")
    if b.closing:
        s.agent_says(s.pick("closing_offer"))
        s.customer_says(s.pick("cust_no_more"))
        s.agent_says(s.pick("phone_closing_bye" if phone else "closing_bye"), "bye")
        if s.rng.random() < 0.4:
            s.customer_says(s.pick("cust_bye"))
    elif phone:
        s.agent_says(s.pick("phone_abrupt"), "bye")
    elif s.rng.random() < 0.5:
        s.agent_says(s.pick("agent_abrupt"), "bye")
    if phone:
        s.turns.append(Turn("system", "Call ended", "end"))
    else:
        s.turns.append(Turn("system", "Chat closed", "end"))


def render_email(s: Script, topic: str, b: Behaviour) -> None:
    """An e-mail thread: the customer's message, the agent's reply, perhaps one more round."""
    t = TOPICS[s.lang][topic]
    par = "\n\n"
    open_template = s.opening(topic)
    opening = GREETING_AT_START.sub("", s.c(open_template))  # the e-mail has its own greeting line
    body = [opening[:1].upper() + opening[1:]]
    if b.frustrated:
        body.append(s.c(frustration(s, topic)))
    if b.email_other_address:
        body.append(s.c(s.pick("email_other_address")))
    body.append(s.c(s.pick("email_cust_extra")))
    s.turns.append(Turn("customer", s.join(s.c(s.pick("email_cust_greet")), s.join(*body), s.c(s.pick("email_cust_sign")), sep=par), "open"))  # fmt: skip

    def header(first_reply: bool) -> list[str]:
        if b.greet == "none":
            return []
        lines = [s.a(s.pick("email_greet"))]
        if first_reply:
            lines.append(
                s.a(s.pick("email_intro_full" if b.greet == "full" else "email_intro_noname"))
            )
        return lines

    def signature(final: bool) -> str:
        if final and not b.closing:
            return s.a(s.pick("email_sign_abrupt"))
        return s.a(s.pick("email_sign_full" if b.greet == "full" else "email_sign_noname"))

    def reply(paragraphs: list[str], kind: str = "reply", final: bool = True) -> None:
        s.turns.append(Turn("agent", s.join(*paragraphs, signature(final), sep=par), kind))

    def customer_reply(text: str) -> None:
        s.turns.append(Turn("customer", s.join(s.c(text), s.c(s.pick("email_cust_sign")), sep=par), "reply"))  # fmt: skip

    first_round = True
    if b.discovery <= 2 or (b.discovery == 3 and "{order}" in open_template and "ask_again" in t):
        question, answer = t["misread"] if b.discovery <= 2 else t["ask_again"]
        b.discovery_kind = "misread" if b.discovery <= 2 else "ask_order"
        paragraphs = header(True)
        if b.empathy == "yes":
            paragraphs.append(s.a(s.pick("empathy")))
        paragraphs.append(s.a(question))
        reply(paragraphs, final=False)
        customer_reply(answer)
        first_round = False
    if b.process != "missing note" and (b.answer == 3 or (b.answer >= 4 and s.rng.random() < 0.3)):
        note = TOPIC_META[topic]["handover" if b.answer == 3 else "done"]
        s.turns.append(Turn("agent", note, "note", internal=True))
    paragraphs = header(first_round)
    lead = []
    if b.empathy == "yes" and first_round:
        lead.append(s.a(s.pick("empathy")))
    if b.discovery == 5:
        lead.append(s.a(s.rng.choice(t["restate"])))
        b.discovery_kind = "restated"
    if lead:
        paragraphs.append(s.join(*lead))
    if b.breach:
        paragraphs.append(s.a(t["breach"][0]))
    answer = [s.a(s.rng.choice(t["resolve"][b.answer]))]
    if b.clarity in ("fair", "poor"):
        answer.append(s.a(JARGON[s.lang][topic][0]))
    paragraphs.append(s.join(*answer))
    if b.expectations == "clear":
        key = next(k for k in ("clear_email", "clear_phone", "clear") if k in t)
        paragraphs.append(s.a(s.rng.choice(t[key])))
    elif b.expectations == "vague":
        paragraphs.append(s.a(s.pick("vague")))
    elif b.expectations == "overpromise":
        paragraphs.append(s.a(s.rng.choice(t["overpromise"])))
    if b.empathy == "formulaic":
        paragraphs.append(s.a(s.pick("formulaic")))
    if b.closing:
        paragraphs.append(s.a(s.pick("email_closing_offer")))
    reply(paragraphs)
    if b.clarity == "poor":
        customer_reply(s.pick("jargon_q"))
        reply([s.a(JARGON[s.lang][topic][1])])
    if b.breach:
        customer_reply(s.pick("breach_reply"))
        reply([s.a(s.pick("breach_drop"))])
    if b.tone_kind:
        customer_reply(s.pick("curt_challenge"))
        reply([s.a(s.pick("rude" if b.tone_kind == "rude" else "curt"))])
    elif s.rng.random() < 0.45:
        customer_reply(s.pick("email_followup_thanks"))
        if b.closing and s.rng.random() < 0.5:
            reply([s.a(s.pick("email_final"))])


def apply_typos(s: Script, b: Behaviour) -> None:
    """Put ``b.typos`` spelling slips into the agent's public messages; remember which."""
    if not b.typos:
        return
    pairs = list(s.general["typos"])
    s.rng.shuffle(pairs)
    for right, wrong in pairs:
        if len(b.typo_words) >= b.typos:
            break
        for turn in s.turns:
            if turn.role == "agent" and not turn.internal and right in turn.text:
                turn.text = turn.text.replace(right, wrong, 1)
                b.typo_words.append(wrong.strip())
                break


# ---------------------------------------------------------------------------------------------
# Real dialogue text (English): SGD bank chats and calls, Harper Valley calls, ABCD chats,
# Taskmaster-4 coffee orders
# ---------------------------------------------------------------------------------------------


@dataclass
class SgdDialogue:
    dialogue_id: str
    turns: list[tuple[str, str, list[str]]]  # (USER|SYSTEM, utterance, actions)
    intents: list[str]
    complete: bool  # the whole dialogue (with its own goodbye), not a bank segment of a longer one


def load_sgd(realdata: Path) -> list[SgdDialogue]:
    """The bank dialogues of SGD: the bank-only ones whole, and from dialogues that mix the bank
    with other services (events, flights, weather) the stretch of bank turns, when it stands alone."""
    dialogues = json.loads((realdata / "sgd" / "dev_banks_dialogues.json").read_text("utf-8"))
    found = []
    for item in dialogues:
        turns = item["turns"]

        def bank_only(turn: dict[str, Any]) -> bool:
            return all(f["service"] == "Banks_2" for f in turn["frames"])

        if item["services"] == ["Banks_2"]:
            segment, complete = turns, True
        else:
            start = next((i for i, t in enumerate(turns) if t["speaker"] == "USER" and bank_only(t)
                          and any(f.get("state", {}).get("active_intent") not in (None, "NONE") for f in t["frames"])
                          and any(a["act"] == "INFORM_INTENT" for f in t["frames"] for a in f["actions"])), None)  # fmt: skip
            if start is None:
                continue
            end = start
            while end + 1 < len(turns) and bank_only(turns[end + 1]):
                end += 1
            if turns[end]["speaker"] != "SYSTEM":
                end -= 1
            segment, complete = turns[start : end + 1], False
            if len(segment) < 4:
                continue
        intents = []
        for turn in segment:
            for frame in turn["frames"]:
                intent = frame.get("state", {}).get("active_intent")
                if frame["service"] == "Banks_2" and intent not in (None, "NONE") and intent not in intents:  # fmt: skip
                    intents.append(intent)
        found.append(
            SgdDialogue(
                item["dialogue_id"],
                [(t["speaker"], t["utterance"], [a["act"] for f in t["frames"] for a in f["actions"]]) for t in segment],
                intents,
                complete,
            )
        )  # fmt: skip
    return found


def load_harper_valley(realdata: Path) -> list[dict[str, Any]]:
    calls = []
    folder = realdata / "harper-valley"
    for path in sorted((folder / "metadata").glob("*.json")):
        meta = json.loads(path.read_text("utf-8"))
        segments = json.loads((folder / "transcript" / path.name).read_text("utf-8"))
        calls.append({"meta": meta, "segments": segments})
    return calls


def load_abcd(realdata: Path) -> list[dict[str, Any]]:
    return json.loads((realdata / "abcd" / "abcd_sample.json").read_text("utf-8"))


def load_taskmaster4(realdata: Path) -> list[dict[str, Any]]:
    folder = realdata / "taskmaster" / "TM-4-2024" / "data"
    items = []
    for path in sorted(folder.glob("data_*.json")):
        items.extend(json.loads(path.read_text("utf-8")))
    return [
        i for i in items if len(i["utterances"]) >= 2 and i["utterances"][0]["speaker"] == "user"
    ]


def speech(text: str) -> str:
    """Written text in the style of the call transcripts: lower case, no sentence punctuation."""
    text = re.sub(r"(?<!\d)[.,!?;:]|[.,!?;:](?!\d)", "", text.lower())
    return re.sub(r"\s+", " ", text).strip()


BANK_GREET = {
    "full": ["Hi, thanks for contacting Harper Valley Bank, this is {agent}.",
             "Hello, you're chatting with {agent} from Harper Valley Bank."],
    "noname": ["Hi there, thanks for contacting Harper Valley Bank."],
}  # fmt: skip
BANK_PHONE_GREET = {
    "full": ["thank you for calling harper valley national bank my name is {agent} how can i help you today",
             "harper valley national bank this is {agent} speaking how can i help you"],
    "noname": ["harper valley national bank how can i help you"],
    "none": ["hello"],
}  # fmt: skip
BANK_VERIFY_TWO = ["Before I look at your accounts, can you confirm your full name and the last four digits of your phone number?",
                   "For security, could you give me your full name and the last four digits of the phone number on your profile?"]  # fmt: skip
BANK_CUST_TWO = ["{cust}, and the last four are {phone4}.", "Sure, {cust}, phone ending {phone4}."]
BANK_VERIFY_ONE = ["Can I have your full name, please?"]
BANK_VERIFIED = ["Thank you, you're verified.", "Thanks, I've found your profile."]
BANK_WRAP_CUST = ["Great, that's all I needed, thanks.", "Ok, thank you."]
BANK_WRAP_AGENT = [
    (
        "You're welcome! Is there anything else I can help you with?",
        "No, that's it.",
        "Have a great day!",
    )
]
OFFER_RE = re.compile(
    r"anything else|something else|what else|else can i|else i can|further assist|other help", re.I
)
BYE_RE = re.compile(r"\b(bye|goodbye|day|evening|night|welcome|take care)\b", re.I)


def render_sgd(s: Script, dialogue: SgdDialogue, b: Behaviour, channel: str) -> None:
    phone = channel == "phone"
    norm = speech if phone else (lambda x: x)
    turns = dialogue.turns
    if phone:
        s.turns.append(Turn("system", "Inbound call · Cards & accounts queue", "start"))
        s.turns.append(Turn("agent", speech(s.a(s.rng.choice(BANK_PHONE_GREET[b.greet]))), "greet"))
    s.turns.append(Turn("customer", norm(turns[0][1]), "open"))
    greeting = "" if phone or b.greet == "none" else s.a(s.rng.choice(BANK_GREET[b.greet]))
    if b.verify == "two":
        s.turns.append(
            Turn("agent", norm(s.join(greeting, s.rng.choice(BANK_VERIFY_TWO))), "first")
        )
        s.turns.append(Turn("customer", norm(s.c(s.rng.choice(BANK_CUST_TWO)))))
        s.turns.append(Turn("agent", norm(s.rng.choice(BANK_VERIFIED)), "check"))
    elif b.verify == "one":
        s.turns.append(
            Turn("agent", norm(s.join(greeting, s.rng.choice(BANK_VERIFY_ONE))), "first")
        )
        s.turns.append(Turn("customer", norm(s.customer.name)))
    elif greeting:
        s.turns.append(Turn("agent", greeting, "first"))
    for speaker, utterance, _ in turns[1:]:
        s.turns.append(Turn("agent" if speaker == "SYSTEM" else "customer", norm(utterance)))
    system_lines = [u for sp, u, _ in turns if sp == "SYSTEM"]
    if BYE_RE.search(system_lines[-1]):
        b.closing = bool(OFFER_RE.search(" ".join(system_lines)))
    elif system_lines[-1].rstrip().endswith("?"):  # the agent had just offered something more
        s.turns.append(Turn("customer", norm("No, thanks, that's all."), "thanks"))
        if b.closing:
            s.turns.append(Turn("agent", norm("You're welcome, have a great day!"), "bye"))
    else:
        s.turns.append(Turn("customer", norm(s.rng.choice(BANK_WRAP_CUST)), "thanks"))
        if b.closing:
            offer, no_more, bye = BANK_WRAP_AGENT[0]
            s.turns.append(Turn("agent", norm(offer)))
            s.turns.append(Turn("customer", norm(no_more)))
            s.turns.append(Turn("agent", norm(bye), "bye"))
    s.turns.append(Turn("system", "Call ended" if phone else "Chat closed", "end"))
    transferred = any("NOTIFY_SUCCESS" in acts for sp, _, acts in turns if sp == "SYSTEM")
    said_when = any(re.search(r"\bdays?\b", u, re.I) for u in system_lines)
    b.expectations = ("clear" if said_when else "missing") if transferred else "na"
    if not phone:
        lower_starts = sum(1 for u in system_lines if u[:1].islower())
        if lower_starts:
            b.typo_words = ["replies starting in lower case"] * (1 if lower_starts < 3 else 3)


def sgd_subject(dialogue: SgdDialogue) -> tuple[str, list[str]]:
    if dialogue.intents == ["CheckBalance"]:
        return "Balance enquiry", ["balance"]
    if dialogue.intents == ["TransferMoney"]:
        return "Money transfer", ["transfer"]
    return "Balance and transfer", ["balance", "transfer"]


def hv_turns(call: dict[str, Any]) -> list[tuple[int, str, str]]:
    """(milliseconds from the start, role, text) of a Harper Valley call, noise markers removed."""
    rows = []
    for segment in sorted(call["segments"], key=lambda x: x["start_ms"]):
        text = re.sub(r"\[[a-z]+\]|<unk>", "", segment["human_transcript"]).strip()
        if text:
            role = "agent" if segment["speaker_role"] == "agent" else "customer"
            rows.append((segment["start_ms"], role, re.sub(r"\s+", " ", text)))
    return rows


COFFEE_GREET = {"full": ["Hi, this is {agent} at the Coffee Bar! ", "Hey there, {agent} here at the Coffee Bar. "],
                "noname": ["Hi! ", "Hello! "], "none": [""]}  # fmt: skip
COFFEE_CLOSE = [("Thanks for ordering with us! Is there anything else I can get you?", "No, that's all, thanks.",
                 "Enjoy your drink, have a great day!")]  # fmt: skip
WHEN_RE = re.compile(r"minute|shortly|soon|ready|moment|bar|pick ?up|right up|on its way", re.I)


def render_coffee(s: Script, item: dict[str, Any], b: Behaviour) -> None:
    utterances = item["utterances"]
    greeted = False
    for u in utterances:
        if u["speaker"] == "user":
            s.turns.append(Turn("customer", u["text"].strip(), "open" if not s.turns else ""))
        else:
            text = u["text"].strip()
            if not greeted:
                template = s.rng.choice(COFFEE_GREET[b.greet])
                text = s.a(template) + text
                greeted = True
            s.turns.append(Turn("agent", text, "first" if len(s.turns) == 1 else ""))
    last_agent = next((u["text"] for u in reversed(utterances) if u["speaker"] != "user"), "")
    left_hanging = utterances[-1]["speaker"] != "user" and last_agent.rstrip().endswith("?")
    if left_hanging:
        b.closing = False
        b.answer = 3
        s.turns.append(Turn("system", "Customer left the chat", "end"))
        b.expectations = "na"
        return
    agent_text = " ".join(u["text"] for u in utterances if u["speaker"] != "user")
    ordered = re.search(r"\border\b|confirm|correct|ready|is that all", agent_text, re.I)
    b.expectations = ("clear" if WHEN_RE.search(last_agent) else "vague") if ordered else "na"
    if b.closing:
        offer, no_more, bye = COFFEE_CLOSE[0]
        s.agent_says(offer)
        s.customer_says(no_more)
        s.agent_says(bye, "bye")
    s.turns.append(Turn("system", "Chat closed", "end"))


# Reviews of the real conversations whose facts are fixed by their text: criterion -> (value,
# root causes, comment).
FIXED_HV = {
    "Robert": {"greeting": ("pass", [], ""), "discovery": ("4", [], ""), "correct_answer": ("5", [], ""),
               "process": ("pass", [], ""), "expectations": ("clear", [], ""), "tone": ("4", [], ""),
               "clarity": ("good", [], ""), "grammar": ("NA", [], ""), "empathy": ("NA", [], ""),
               "data_protection": ("fail", ["changed account details without verification"],
                                   "Ordered a replacement credit card on the caller's name alone. Two identifiers first, every time."),
               "payment_data": ("pass", [], ""), "closing": ("pass", [], "")},
    "Jennifer": {"greeting": ("pass", [], ""), "discovery": ("4", [], ""), "correct_answer": ("5", [], ""),
                 "process": ("pass", [], ""), "expectations": ("NA", [], ""), "tone": ("4", [], ""),
                 "clarity": ("good", [], ""), "grammar": ("NA", [], ""), "empathy": ("NA", [], ""),
                 "data_protection": ("fail", ["shared data before verifying"],
                                     "Read out the checking balance after hearing only a name."),
                 "payment_data": ("pass", [], ""), "closing": ("pass", [], "")},
}  # fmt: skip
FIXED_ABCD = {
    3592: {"greeting": ("fail", ["did not introduce themself"], "\"Hi! How can I help you?\" but no name."),
           "discovery": ("4", [], ""), "correct_answer": ("4", [], ""), "process": ("pass", [], ""),
           "expectations": ("vague", ["no timeline"], "\"They will give you a call\": when?"),
           "tone": ("4", [], ""), "clarity": ("good", [], ""),
           "grammar": ("minor slips", ["typos"], "Lower-case sentence starts."), "empathy": ("NA", [], ""),
           "data_protection": ("pass", [], ""), "payment_data": ("pass", [], ""), "closing": ("pass", [], "")},
    9489: {"greeting": ("fail", ["did not introduce themself"], "No name in the greeting."),
           "discovery": ("5", [], ""), "correct_answer": ("4", [], ""), "process": ("pass", [], ""),
           "expectations": ("vague", ["no timeline"], "\"Less than a week\" is a start; give the business days."),
           "tone": ("4", [], ""), "clarity": ("fair", ["unstructured"], "Several half-sentences, hard to follow."),
           "grammar": ("minor slips", ["grammar mistakes"], "\"additional to this you would give me...\""),
           "empathy": ("NA", [], ""), "data_protection": ("pass", [], ""), "payment_data": ("pass", [], ""),
           "closing": ("fail", ["no offer of further help"], "Good goodbye, but no offer of further help.")},
    3695: {"greeting": ("fail", ["did not introduce themself"], ""), "discovery": ("5", [], ""),
           "correct_answer": ("5", [], ""), "process": ("pass", [], ""), "expectations": ("NA", [], ""),
           "tone": ("5", [], "Lovely, matched the customer's humour."), "clarity": ("great", [], ""),
           "grammar": ("minor slips", ["typos"], "\"not problem\""), "empathy": ("NA", [], ""),
           "data_protection": ("NA", [], ""), "payment_data": ("pass", [], ""),
           "closing": ("fail", ["no offer of further help"], "")},
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Conversations
# ---------------------------------------------------------------------------------------------

SOURCES = {"Meridian": ("meridian-desk", "MER"), "Harper Valley National Bank": ("hvb-contact", "HVB"),
           "Coffee Bar": ("coffeebar-chat", "CB")}  # fmt: skip
MERIDIAN_PLAN = [
    ("en", "chat", 300), ("en", "email", 150), ("en", "phone", 90),
    ("uk", "chat", 230), ("uk", "email", 110), ("uk", "phone", 60),
    ("ru", "chat", 190), ("ru", "email", 90), ("ru", "phone", 50),
    ("zh", "chat", 170), ("zh", "email", 70), ("zh", "phone", 30),
    ("ar", "chat", 150), ("ar", "email", 60), ("ar", "phone", 40),
]  # fmt: skip
COFFEE_COUNT = 240
MERIDIAN_EN_WEIGHT = {"Robert": 0.6, "Jennifer": 0.3, "Maria": 1.0, "James": 0.9, "Priya": 1.0,
                      "Tom": 0.7, "Aisha": 0.9, "Kevin": 1.0, "Sarah": 0.6, "Daniel": 0.6}  # fmt: skip
BANK_WEIGHT = {"Robert": 0.35, "Jennifer": 0.4, "James": 0.15, "Aisha": 0.1}
COFFEE_WEIGHT = {"Sarah": 0.45, "Daniel": 0.35, "Tom": 0.2}
EE_WEIGHT = {"Iryna": 1.0, "Dmytro": 1.0, "Maryna": 1.0, "Andrii": 1.0, "Viktoriia": 1.0,
             "Maksym": 0.8, "Anna": 1.0, "Roman": 1.0}  # fmt: skip


def rng_for(*parts: object) -> random.Random:
    return random.Random(":".join([SEED, *map(str, parts)]))


@dataclass
class Conversation:
    client: str
    lang: str
    channel: str
    topic: str
    agent: AgentProfile
    customer: Customer
    subject: str
    tags: list[str]
    turns: list[Turn]
    b: Behaviour
    times: list[datetime]  # UTC, one per turn
    csat: float | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    rubric: str = "support-core"
    forced_review: bool = False
    external_id: str = ""

    @property
    def source(self) -> str:
        return SOURCES[self.client][0]

    @property
    def ended(self) -> datetime:
        return self.times[-1]

    def record(self) -> dict[str, Any]:
        bot_name = GENERAL[self.lang]["bot_name"] if self.lang in GENERAL else "Assistant"
        messages = []
        for turn, at in zip(self.turns, self.times, strict=True):
            message: dict[str, Any] = {"role": turn.role}
            if turn.role == "agent":
                message["author"] = self.agent.name
            elif turn.role == "customer":
                message["author"] = self.customer.name
            elif turn.role == "bot":
                message["author"] = bot_name
            message["at"] = iso(at)
            message["text"] = turn.text
            if turn.internal:
                message["internal"] = True
            messages.append(message)
        return {
            "id": self.external_id,
            "source": self.source,
            "channel": self.channel,
            "subject": self.subject,
            "started_at": iso(self.times[0]),
            "ended_at": iso(self.times[-1]),
            "agent": self.agent.record(),
            "team": self.agent.team,
            "customer": {
                "id": self.customer.key,
                "name": self.customer.name,
                "email": self.customer.email or None,
            },
            "csat": self.csat,
            "tags": self.tags,
            "language": self.lang,
            "fields": self.fields,
            "messages": messages,
        }


def typing_speed(lang: str) -> float:
    return {"zh": 1.6, "ar": 3.0}.get(lang, 4.0)  # characters a second


def speaking_seconds(text: str, lang: str) -> float:
    if lang == "zh":
        return max(0.8, len(text) / 4.5)
    return max(0.8, len(text.split()) / (2.2 if lang == "ar" else 2.6))


def schedule(rng: random.Random, turns: list[Turn], channel: str, start: datetime, lang: str) -> list[datetime]:  # fmt: skip
    """Local send times of the turns: chats minutes long, calls with per-turn times, e-mails
    answered in office hours hours or days later."""
    times = [start]
    speed = typing_speed(lang)
    for previous, turn in itertools.pairwise(turns):
        at = times[-1]
        if channel == "email":
            if turn.role == "agent" and turn.internal:
                at = next_business_moment(at + timedelta(hours=rng.uniform(0.5, 16)), rng)
            elif turn.role == "agent" and previous.internal:
                at = at + timedelta(minutes=rng.uniform(2, 9))
            elif turn.role == "agent":
                at = next_business_moment(at + timedelta(hours=rng.uniform(0.5, 16)), rng)
            else:
                at = at + timedelta(hours=rng.uniform(0.5, 30))
                if at.hour < 7:
                    at = at.replace(hour=rng.randrange(7, 10))
        elif channel == "phone":
            if turn.kind == "greet":
                gap = rng.uniform(4, 100)  # waiting in the queue
            elif previous.kind == "check":
                gap = speaking_seconds(previous.text, lang) + rng.uniform(30, 150)  # on hold
            else:
                gap = speaking_seconds(previous.text, lang) + rng.uniform(0.4, 3.0)
            at = at + timedelta(seconds=gap)
        else:
            if turn.role == "bot":
                gap = rng.uniform(1, 4)
            elif turn.kind == "join":
                gap = rng.uniform(40, 260)
            elif turn.role == "system":
                gap = rng.uniform(20, 150)
            elif turn.role == "agent" and turn.kind == "first":
                gap = (rng.uniform(4, 20) if previous.kind == "join" else rng.uniform(25, 220)) + len(turn.text) / (speed * 2)  # fmt: skip
            elif turn.role == "agent" and previous.kind == "check":
                gap = rng.uniform(45, 200) + len(turn.text) / speed
            elif turn.role == "agent":
                gap = rng.uniform(5, 25) + len(turn.text) / speed
            else:
                gap = rng.uniform(8, 50) + len(turn.text) / (speed * 0.8)
            at = at + timedelta(seconds=gap)
        times.append(at.replace(microsecond=0))
    return times


def csat_for(rng: random.Random, b: Behaviour, channel: str) -> float | None:
    answered = {"chat": 0.5, "email": 0.35, "phone": 0.3}[channel]
    if rng.random() > answered:
        return None
    if rng.random() < 0.06:
        return 1.0  # unhappy with the product or the policy, whatever the agent did
    value = {5: 4.7, 4: 4.1, 3: 2.9, 2: 1.9, 1: 1.3}[b.answer] + 0.25 * (b.tone - 4)
    value += 0.2 if b.expectations == "clear" else 0.0
    if b.frustrated:
        value -= 0.3 if b.empathy == "yes" else 1.0
    return float(max(1, min(5, round(value + rng.gauss(0, 0.7)))))


def pick_agent(rng: random.Random, lang: str, day: date, weights: dict[str, float] | None = None) -> AgentProfile:  # fmt: skip
    if weights is None:
        weights = (
            EE_WEIGHT
            if lang in ("uk", "ru")
            else {a.first: 1.0 for a in AGENTS if lang in a.languages}
        )
        if lang == "en":
            weights = MERIDIAN_EN_WEIGHT
    eligible = {k: w for k, w in weights.items() if AGENT_BY_FIRST[k].start <= day}
    return AGENT_BY_FIRST[pick_weighted(rng, eligible)]


def pick_topic(rng: random.Random, day: date) -> str:
    weights = dict(TOPIC_WEIGHTS)
    if DELIVERY_INCIDENT[0] <= day <= DELIVERY_INCIDENT[1]:
        weights["delivery"] *= 2.2
    if AUTUMN_SALE[0] <= day <= AUTUMN_SALE[1]:
        weights["billing"] *= 1.8
        weights["cancel"] *= 1.6
    return pick_weighted(rng, weights)


class Customers:
    """Customers of each language, some of whom write more than once."""

    def __init__(self) -> None:
        self.pools: dict[str, list[Customer]] = {}

    def pick(self, rng: random.Random, lang: str) -> Customer:
        pool = self.pools.setdefault(lang, [])
        if pool and rng.random() < 0.15:
            return rng.choice(pool)
        key = f"cu-{lang}-{len(pool) + 1:05d}"
        customer = make_customer(rng_for("customer", lang, len(pool)), lang, key)
        pool.append(customer)
        return customer


def values_for(rng: random.Random, lang: str, agent: AgentProfile, customer: Customer) -> dict[str, str]:  # fmt: skip
    g = GENERAL.get(lang, GENERAL["en"])
    return {
        "addr": customer.addr, "agent": agent.first_in(lang), "cust": customer.name,
        "email": customer.email, "phone4": customer.phone4, "order": str(rng.randrange(40_000_000, 49_999_999)),
        "amount": format_amount(rng, lang), "item": rng.choice(g["items"]),
        "weekday": rng.choice(g["weekdays"]), "days": rng.choice(g["days"]),
    }  # fmt: skip


def extra_tags(rng: random.Random, b: Behaviour) -> list[str]:
    tags = []
    if b.frustrated:
        tags.append("complaint")
    if b.answer == 3:
        tags.append("escalated")
    if rng.random() < 0.05:
        tags.append("vip")
    return tags


def meridian_conversations(customers: Customers) -> list[Conversation]:
    found = []
    for lang, channel, count in MERIDIAN_PLAN:
        for i in range(count):
            rng = rng_for("meridian", lang, channel, i)
            day = pick_day(rng, channel)
            agent = pick_agent(rng, lang, day)
            topic = pick_topic(rng, day)
            customer = customers.pick(rng, lang)
            b = sample_behaviour(rng, agent, day, topic, channel)
            values = values_for(rng, lang, agent, customer)
            script = Script(rng, lang, agent, customer, values)
            if channel == "email":
                render_email(script, topic, b)
            else:
                render_live(script, topic, b, channel)
            apply_typos(script, b)
            start = local_start(rng, day, channel)
            times = [
                to_utc(t, agent.zone) for t in schedule(rng, script.turns, channel, start, lang)
            ]
            subject = script.subject(topic)
            tags = [*TOPIC_META[topic]["tags"], *extra_tags(rng, b)]
            fields = {
                "client": "Meridian",
                "queue": TOPIC_META[topic]["queue"],
                "contact_reason": topic,
            }
            found.append(Conversation("Meridian", lang, channel, topic, agent, customer, subject, tags,
                                      script.turns, b, times, csat_for(rng, b, channel), fields))  # fmt: skip
    return found


def bank_conversations(realdata: Path, customers: Customers) -> list[Conversation]:
    found = []
    for dialogue in load_sgd(realdata):
        rng = rng_for("sgd", dialogue.dialogue_id)
        channel = "phone" if rng.random() < 0.4 else "chat"
        day = pick_day(rng, channel)
        agent = pick_agent(rng, "en", day, BANK_WEIGHT)
        customer = customers.pick(rng, "en")
        b = Behaviour(verify="two", empathy="na", answer=5 if rng.random() < 0.8 else 4)
        p = _agent_p(agent, day, "data_protection")
        if rng.random() > 0.7 + 0.3 * p:
            b.verify = "one" if rng.random() < 0.5 else "skipped"
        greet_p = _agent_p(agent, day, "greeting")
        b.greet = "full" if rng.random() < 0.5 + 0.5 * greet_p else "noname"
        b.closing = rng.random() < 0.6 + 0.4 * _agent_p(agent, day, "closing")
        b.discovery = 5 if rng.random() < _agent_p(agent, day, "discovery") * 0.5 else 4
        b.tone = 5 if rng.random() < 0.4 else 4
        b.clarity = "great" if rng.random() < 0.4 else "good"
        values = values_for(rng, "en", agent, customer)
        script = Script(rng, "en", agent, customer, values)
        render_sgd(script, dialogue, b, channel)
        start = local_start(rng, day, channel)
        times = [to_utc(t, agent.zone) for t in schedule(rng, script.turns, channel, start, "en")]
        subject, tags = sgd_subject(dialogue)
        fields = {"client": "Harper Valley National Bank", "queue": "Cards & accounts",
                  "corpus": "Schema-Guided Dialogue (CC BY-SA 4.0)", "corpus_dialogue": dialogue.dialogue_id}  # fmt: skip
        found.append(Conversation("Harper Valley National Bank", "en", channel, "bank", agent, customer,
                                  subject, tags, script.turns, b, times, csat_for(rng, b, channel), fields))  # fmt: skip
    for i, call in enumerate(load_harper_valley(realdata)):
        rng = rng_for("harper-valley", i)
        meta = call["meta"]
        agent = AGENT_BY_FIRST[meta["agent"]["metadata"]["agent_name"]]
        name = meta["caller"]["metadata"]["first and last name"]
        first, last = name.split()
        customer = Customer(f"cu-hv-{i + 1:03d}", name, first, first, "f", f"{first.lower()}.{last.lower()}@example.com", "0000")  # fmt: skip
        day = date(2026, 8, 11 + 7 * i)
        start = datetime(day.year, day.month, day.day, 10 + 3 * i, 17 + 9 * i, 4)
        rows = hv_turns(call)
        turns = [Turn("system", "Inbound call · Cards & accounts queue", "start")]
        turns += [Turn(role, text) for _, role, text in rows]
        turns.append(Turn("system", "Call ended", "end"))
        offsets = [0.0, *(ms / 1000 + 1.5 for ms, _, _ in rows)]
        offsets.append(offsets[-1] + 2.5)
        times = [to_utc(start + timedelta(seconds=round(o)), agent.zone) for o in offsets]
        task = meta["tasks"][0]["task_type"]
        rating = meta["caller"].get("survey_response", {}).get("data", {}).get("partner_rating")
        b = Behaviour(fixed=FIXED_HV[agent.first])
        fields = {"client": "Harper Valley National Bank", "queue": "Cards & accounts",
                  "corpus": "Gridspace-Stanford Harper Valley (Apache-2.0)", "corpus_dialogue": meta["sid"]}  # fmt: skip
        conv = Conversation("Harper Valley National Bank", "en", "phone", "bank", agent, customer,
                            task.capitalize(), [task.replace(" ", "-")], turns, b, times,
                            float(round(int(rating) / 2)) if rating else None, fields, forced_review=True)  # fmt: skip
        found.append(conv)
    return found


def abcd_conversations(realdata: Path) -> list[Conversation]:
    found = []
    agents = ["Maria", "Aisha", "Priya"]
    for i, item in enumerate(load_abcd(realdata)):
        rng = rng_for("abcd", item["convo_id"])
        agent = AGENT_BY_FIRST[agents[i % len(agents)]]
        personal = item["scenario"]["personal"]
        name = personal["customer_name"].title()
        customer = Customer(f"cu-abcd-{item['convo_id']}", name, name.split()[0], name.split()[0],
                            "f", personal.get("email", ""), personal["phone"][-4:])  # fmt: skip
        turns = [Turn({"action": "system"}.get(sp, sp), text) for sp, text in item["original"]]
        turns.append(Turn("system", "Chat closed", "end"))
        day = date(2026, 8, 19) + timedelta(days=23 * i)
        times = [to_utc(t, agent.zone) for t in schedule(rng, turns, "chat", local_start(rng, day, "chat"), "en")]  # fmt: skip
        flow = item["scenario"]["subflow"]
        subject = {"return_size": "Return: wrong size", "refund_status": "Refund status",
                   "timing_4": "Promo code expiry"}.get(flow, flow.replace("_", " ").capitalize())  # fmt: skip
        tags = {"return_size": ["returns"], "refund_status": ["refund"], "timing_4": ["promo-code", "pre-sales"]}.get(flow, [])  # fmt: skip
        b = Behaviour(fixed=FIXED_ABCD[item["convo_id"]])
        fields = {"client": "Meridian", "queue": "Orders", "corpus": "ABCD (MIT)", "corpus_dialogue": str(item["convo_id"])}  # fmt: skip
        found.append(Conversation("Meridian", "en", "chat", "abcd", agent, customer, subject, tags, turns,
                                  b, times, 5.0 if i != 1 else 4.0, fields, forced_review=True))  # fmt: skip
    return found


def coffee_conversations(realdata: Path, customers: Customers) -> list[Conversation]:
    items = sorted(load_taskmaster4(realdata), key=lambda x: x["conversation_id"])
    chosen = rng_for("coffee-pick").sample(items, COFFEE_COUNT)
    found = []
    for item in chosen:
        rng = rng_for("coffee", item["conversation_id"])
        day = pick_day(rng, "chat")
        agent = pick_agent(rng, "en", day, COFFEE_WEIGHT)
        customer = customers.pick(rng, "en")
        b = Behaviour(answer=5, discovery=4)
        greet_p = _agent_p(agent, day, "greeting")
        if rng.random() < 0.45 + 0.5 * greet_p:
            b.greet = "full"
        else:
            b.greet = "noname" if rng.random() < 0.5 else "none"
        b.greet_used_name = False
        b.closing = rng.random() < 0.45 + 0.5 * _agent_p(agent, day, "closing")
        script = Script(rng, "en", agent, customer, values_for(rng, "en", agent, customer))
        render_coffee(script, item, b)
        start = local_start(rng, day, "coffee")
        times = [to_utc(t, agent.zone) for t in schedule(rng, script.turns, "chat", start, "en")]
        csat = float(rng.choice([5, 5, 5, 4, 4, 3])) if rng.random() < 0.15 else None
        fields = {"client": "Coffee Bar", "queue": "Order ahead", "corpus": "Taskmaster-4 (CC BY 4.0)",
                  "corpus_dialogue": item["conversation_id"]}  # fmt: skip
        found.append(Conversation("Coffee Bar", "en", "chat", "coffee", agent, customer, "Drink order",
                                  ["coffee-order"], script.turns, b, times, csat, fields, rubric="small-team"))  # fmt: skip
    return found


# ---------------------------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------------------------

COMMENTS: dict[tuple[str, str], list[str]] = {
    ("greeting", "no greeting"): ["Jumps straight into the answer, no greeting at all.", "No greeting in the first reply."],
    ("greeting", "did not introduce themself"): ["Greets the customer but never gives their own name.", "Friendly hello, but no introduction."],
    ("discovery", "asked for information already given"): ["Asked for details the customer had already given.",
                                                            "Asked again for something that was already in the conversation."],
    ("discovery", "misread the request"): ["Misread the request at first; the customer had to correct them.",
                                           "Offered the wrong thing first and the customer had to explain again."],
    ("discovery", "no clarifying questions"): ["Went with the first reading of the request without confirming anything.",
                                               "A quick check of what the customer had already tried would have helped."],
    ("correct_answer", "incomplete answer"): ["Only a partial answer: the customer will probably have to come back.",
                                              "Says it was passed on, but not what was actually done."],
    ("correct_answer", "did not escalate"): ["Sent the customer to a workaround instead of fixing it or escalating.",
                                             "This should have been escalated rather than sending the customer elsewhere."],
    ("process", "promised what the tools cannot do"): ["Promised something we can't guarantee.", "Over-promised on timing; our tools can't back that up."],
    ("process", "missing internal note"): ["Handed over without an internal note for the next person.", "No internal note on the hand-over."],
    ("expectations", "no timeline"): ["Next step mentioned but no time frame.", "\"We'll look into it\" without saying when."],
    ("expectations", "no next step"): ["Nothing about what happens next although it's still pending.", "The customer is left without a next step."],
    ("expectations", "over-promised"): ["The promised timeline is unrealistic.", "Sets an expectation we can't meet."],
    ("tone", "impatient"): ["\"As I already said...\" comes across as impatient.", "Curt reply when the customer pushed back."],
    ("tone", "defensive"): ["Became defensive when the customer challenged the answer."],
    ("tone", "scripted"): ["Polite but very scripted.", "Reads like a template, little personal touch."],
    ("clarity", "internal jargon"): ["Internal jargon (RTS, 3PL, WMS...) the customer can't know.", "Status codes pasted from the tools instead of plain words."],
    ("clarity", "too long"): ["Long-winded; the key point gets lost."],
    ("grammar", "typos"): ["Spelling: {words}."],
    ("grammar", "grammar mistakes"): ["Language slips: {words}."],
    ("empathy", "ignored frustration"): ["The customer was clearly frustrated; no acknowledgement.",
                                         "Went straight to the process without acknowledging the frustration."],
    ("empathy", "formulaic apology"): ["Only a pasted \"sorry for the inconvenience\" at the end.",
                                       "Formulaic apology; acknowledge the situation in your own words."],
    ("data_protection", "shared data before verifying"): ["Shared account details without any identity check.",
                                                          "No verification before discussing the order: critical."],
    ("data_protection", "verified with one identifier only"): ["Verified with one identifier only; policy needs two.",
                                                               "Only one identifier checked before sharing account details."],
    ("data_protection", "email"): ["Replied with order details to an address that isn't on the account."],
    ("payment_data", "asked for full card number"): ["Asked for the full card number. The last four digits are all we ever need."],
    ("payment_data", "asked for password"): ["Asked for the customer's password. Password problems go through the reset link."],
    ("closing", "abrupt ending"): ["The conversation just stops after the answer.", "Ends without a goodbye or an offer of further help."],
    ("closing", "no offer of further help"): ["No offer of further help before ending."],
    ("greeted", "no greeting"): ["No greeting, straight to the order."],
    ("greeted", "no name"): ["Greets but no name, neither theirs nor the customer's."],
    ("understood", "misread the request"): ["Misunderstood what the customer wanted at first."],
    ("understood", "no clarifying question"): ["Didn't ask the one question that was needed."],
    ("solved", "incomplete answer"): ["The customer left without an order; no alternative was settled."],
    ("next_steps", "no timeline"): ["Didn't say when the drink would be ready."],
    ("next_steps", "no next step"): ["Nothing about what happens next."],
    ("closed_politely", "abrupt ending"): ["No thanks or goodbye at the end.", "Chat just stops after the order."],
}  # fmt: skip
WRONG_ANSWER = {
    "delivery": (
        "knowledge gap",
        "Said the parcel was delivered; tracking shows it still in transit.",
    ),
    "refund": ("wrong policy applied", "There is no 14-day limit for refunds of returned items."),
    "login": ("knowledge gap", "Locked accounts can be unlocked; no need for a new account."),
    "billing": ("knowledge gap", "Told the customer both charges were right; one was a duplicate."),
    "cancel": ("wrong policy applied", "Orders can be cancelled until they are packed."),
    "policy": (
        "wrong policy applied",
        "Sale items can be returned within 30 days like anything else.",
    ),
}
LOW = {"fail", "1", "2", "3", "missing", "vague", "poor", "fair", "several errors", "minor slips"}


def _bounded(value: float, low: int, high: int) -> str:
    return str(max(low, min(high, round(value))))


def support_core_ratings(conv: Conversation, reviewer: Staff, rng: random.Random) -> dict[str, tuple[str, list[str], str]]:  # fmt: skip
    """Ratings on ``support-core``: (value, root causes, comment) per criterion, from what the
    transcript shows, with the reviewer's severity on the judgement calls."""
    if conv.b.fixed:
        return dict(conv.b.fixed)
    b, sev = conv.b, reviewer.severity
    r: dict[str, tuple[str, list[str], str]] = {}
    r["greeting"] = ("pass", [], "") if b.greet == "full" else ("fail", ["no greeting" if b.greet == "none" else "did not introduce themself"], "")  # fmt: skip
    if b.discovery >= 4:
        value = _bounded(b.discovery + sev + rng.gauss(0, 0.35), 3 if sev < 0 else 4, 5)
        root = "no clarifying questions"
    else:
        value = str(b.discovery)
        root = {"misread": "misread the request", "ask_order": "asked for information already given",
                "ask_email": "asked for information already given"}.get(b.discovery_kind, "no clarifying questions")  # fmt: skip
    r["discovery"] = (value, [root] if int(value) <= 3 else [], "")
    if b.answer >= 4:
        r["correct_answer"] = (_bounded(b.answer + 0.8 * sev + rng.gauss(0, 0.3), 4, 5), [], "")
    elif b.answer == 3:
        r["correct_answer"] = ("3", ["incomplete answer"], "")
    elif b.answer == 2:
        r["correct_answer"] = ("2", ["did not escalate"], "")
    else:
        root, comment = WRONG_ANSWER.get(conv.topic, ("knowledge gap", ""))
        r["correct_answer"] = ("1", [root], comment)
    if b.process == "overpromise":
        r["process"] = ("fail", ["promised what the tools cannot do"], "")
    elif b.process == "missing note":
        r["process"] = ("fail", ["missing internal note"], "")
    else:
        r["process"] = ("pass", [], "")
    r["expectations"] = {
        "clear": ("clear", [], ""), "vague": ("vague", ["no timeline"], ""),
        "missing": ("missing", ["no next step"], ""), "overpromise": ("vague", ["over-promised"], ""),
        "na": ("NA", [], ""),
    }[b.expectations]  # fmt: skip
    if b.tone_kind:
        value = str(b.tone if sev <= 0.3 else min(3, b.tone + 1))
        r["tone"] = (
            value,
            ["impatient" if b.tone_kind == "rude" or rng.random() < 0.7 else "defensive"],
            "",
        )
    else:
        value = _bounded(b.tone + sev + rng.gauss(0, 0.35), 3, 5)
        r["tone"] = (value, ["scripted"] if value == "3" else [], "")
    levels = ["poor", "fair", "good", "great"]
    index = levels.index(b.clarity)
    if index >= 2:
        index = max(2, min(3, round(index + 0.8 * sev + rng.gauss(0, 0.4))))
        r["clarity"] = (levels[index], [], "")
    else:
        r["clarity"] = (levels[index], ["internal jargon"], "")
    if conv.channel == "phone":
        r["grammar"] = ("NA", [], "")
    elif not b.typo_words:
        r["grammar"] = ("clean", [], "")
    else:
        value = "minor slips" if len(b.typo_words) < 3 else "several errors"
        usage = (
            "на протязі",
            "слідуюч",
            "вибачаюсь",
            "вірно",
        )  # wrong words rather than misspelt ones
        root = "grammar mistakes" if any(w.startswith(usage) for w in b.typo_words) else "typos"
        words = ", ".join(dict.fromkeys(f'"{w}"' for w in b.typo_words))
        r["grammar"] = (value, [root], rng.choice(COMMENTS[("grammar", root)]).format(words=words))
    r["empathy"] = {"na": ("NA", [], ""), "yes": ("pass", [], ""), "formulaic": ("fail", ["formulaic apology"], ""),
                    "none": ("fail", ["ignored frustration"], "")}[b.empathy]  # fmt: skip
    if b.verify in ("na",):
        r["data_protection"] = ("NA", [], "")
    elif b.verify == "two":
        r["data_protection"] = ("pass", [], "")
    elif b.verify == "one":
        r["data_protection"] = ("fail", ["verified with one identifier only"], "")
    elif conv.channel == "email":
        r["data_protection"] = ("fail", ["shared data before verifying"], rng.choice(COMMENTS[("data_protection", "email")]))  # fmt: skip
    else:
        r["data_protection"] = ("fail", ["shared data before verifying"], "")
    if b.breach:
        root = "asked for password" if b.breach == "password" else "asked for full card number"
        r["payment_data"] = ("fail", [root], "")
    else:
        r["payment_data"] = ("pass", [], "")
    r["closing"] = ("pass", [], "") if b.closing else ("fail", ["abrupt ending" if rng.random() < 0.7 else "no offer of further help"], "")  # fmt: skip
    return r


def small_team_ratings(conv: Conversation, reviewer: Staff, rng: random.Random) -> dict[str, tuple[str, list[str], str]]:  # fmt: skip
    b = conv.b
    r: dict[str, tuple[str, list[str], str]] = {}
    if b.greet == "full" or (b.greet == "noname" and b.greet_used_name):
        r["greeted"] = ("pass", [], "")
    else:
        r["greeted"] = ("fail", ["no greeting" if b.greet == "none" else "no name"], "")
    r["understood"] = (
        ("pass", [], "") if b.discovery >= 4 else ("fail", ["misread the request"], "")
    )
    r["solved"] = ("pass", [], "") if b.answer >= 4 else ("fail", ["incomplete answer"], "")
    if b.expectations in ("clear", "na") or (b.expectations == "vague" and reviewer.severity > 0.3):
        r["next_steps"] = ("pass", [], "")
    else:
        r["next_steps"] = (
            "fail",
            ["no timeline" if b.expectations == "vague" else "no next step"],
            "",
        )
    r["verified_identity"] = ("NA", [], "")
    r["closed_politely"] = ("pass", [], "") if b.closing else ("fail", ["abrupt ending"], "")
    return r


def overall_comment(rng: random.Random, conv: Conversation, score: Any, ratings: dict[str, tuple[str, list[str], str]]) -> str:  # fmt: skip
    if score.critical_fail:
        return rng.choice(["Critical fail on data protection: please go through the verification steps again.",
                           "Good resolution, but the missing identity check makes this a critical fail.",
                           "Critical: identity not verified before account details were discussed."])  # fmt: skip
    if score.score is None:
        return ""
    if score.score >= 92:
        if conv.b.frustrated and conv.b.empathy == "yes":
            return rng.choice(
                ["Great handling of an upset customer.", "Calm, warm and complete. Well done."]
            )
        return rng.choice(
            ["Excellent conversation.", "Very good: clear, friendly and complete.", "", "", ""]
        )
    if score.score >= 80:
        return rng.choice(
            ["Good overall; small things noted per criterion.", "Solid work.", "", ""]
        )
    weakest = [c for c, (v, _, _) in ratings.items() if v in LOW]
    names = {"correct_answer": "the answer itself", "expectations": "next steps", "discovery": "understanding the request",
             "data_protection": "verification", "payment_data": "payment data", "greeting": "the greeting",
             "closing": "the closing", "tone": "tone", "clarity": "clarity", "grammar": "spelling",
             "empathy": "empathy", "process": "the process"}  # fmt: skip
    focus = ", ".join(names.get(c, c.replace("_", " ")) for c in weakest[:2]) or "the basics"
    if score.score >= 60:
        return rng.choice(
            [f"Below target mainly because of {focus}.", f"Needs work on {focus}; see comments."]
        )
    return rng.choice([f"Below standard ({focus}); worth discussing in the next one-on-one.",
                       "Several issues; the customer will likely contact us again."])  # fmt: skip


def review_reviewer(rng: random.Random, lang: str) -> Staff:
    by_name = {r.name: r for r in REVIEWERS}
    if lang in ("uk", "ru"):
        return by_name["Kateryna Savchuk"]
    if lang == "zh":
        return by_name["Mei Lin Tan"]
    if lang == "ar":
        return by_name["Nadia Rahman"]
    return by_name[pick_weighted(rng, {"Hannah Weber": 0.5, "Kateryna Savchuk": 0.15, "Mei Lin Tan": 0.15, "Nadia Rahman": 0.2})]  # fmt: skip


def submitted_time(rng: random.Random, conv: Conversation, reviewer: Staff) -> datetime | None:
    ended = conv.ended
    latest = to_utc(datetime(2026, 10, 30, 17, 30), reviewer.zone)
    local = (ended + timedelta(days=rng.randint(1, 6))).replace(tzinfo=None)
    local = local.replace(
        hour=rng.randrange(9, 17), minute=rng.randrange(60), second=rng.randrange(60)
    )
    while local.weekday() >= 5:
        local += timedelta(days=1)
    moment = to_utc(local, reviewer.zone)
    if moment > latest:
        moment = latest - timedelta(minutes=rng.randrange(0, 400))
    if moment < ended + timedelta(hours=3):
        return None
    return moment


def time_spent(rng: random.Random, conv: Conversation) -> int:
    n = len(conv.turns)
    if conv.channel == "phone":
        base = (conv.times[-1] - conv.times[0]).total_seconds() * 1.1 + 120
    elif conv.channel == "email":
        base = 200 + 45 * n
    else:
        base = 120 + 18 * n
    return int(max(60, base * rng.uniform(0.7, 1.4)))


def make_reviews(conversations: list[Conversation]) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from qa_desk.rubric_loader import load_rubric_file

    rubrics = {
        key: load_rubric_file(ROOT / "rubrics" / f"{key}.yaml")[0]
        for key in ("support-core", "small-team")
    }
    week_zero = date(2026, 7, 27)
    by_agent_week: dict[tuple[str, int], list[Conversation]] = {}
    for conv in conversations:
        week = (conv.times[0].date() - week_zero).days // 7
        by_agent_week.setdefault((conv.agent.key, week), []).append(conv)
    chosen: list[Conversation] = []
    for agent in AGENTS:
        for week in range(14):
            pool = by_agent_week.get((agent.key, week), [])
            if not pool:
                continue
            rng = rng_for("sample", agent.key, week)
            forced = [c for c in pool if c.forced_review]
            rest = [c for c in pool if not c.forced_review]
            onboarding = (
                week_zero + timedelta(weeks=week) - agent.start
            ).days < 21 and agent.start > FIRST_DAY
            k = pick_weighted(rng, {2: 0.5, 3: 0.5} if onboarding else {0: 0.05, 1: 0.62, 2: 0.33})
            chosen.extend(forced + rng.sample(rest, min(k, len(rest))))
    reviews = []
    for conv in chosen:
        rng = rng_for("review", conv.source, conv.external_id)
        reviewer = review_reviewer(rng, conv.lang)
        submitted = submitted_time(rng, conv, reviewer)
        if submitted is None:
            continue
        spent = time_spent(rng, conv)
        if conv.rubric == "small-team":
            ratings = small_team_ratings(conv, reviewer, rng)
        else:
            ratings = support_core_ratings(conv, reviewer, rng)
        written: dict[str, dict[str, Any]] = {}
        for criterion, (value, roots, comment) in ratings.items():
            entry: dict[str, Any] = {"value": value}
            if value in LOW:
                if not comment and rng.random() < 0.85:
                    options = COMMENTS.get((criterion, roots[0])) if roots else None
                    comment = rng.choice(options) if options else ""
                if roots and rng.random() < 0.93:
                    entry["root_causes"] = roots
            if comment:
                entry["comment"] = comment
            written[criterion] = entry
        score = rubrics[conv.rubric].score({c: e["value"] for c, e in written.items()})
        review = {
            "conversation": {"source": conv.source, "id": conv.external_id},
            "reviewer": reviewer.email,
            "rubric": conv.rubric,
            "started_at": iso(submitted - timedelta(seconds=spent + rng.randrange(0, 600))),
            "submitted_at": iso(submitted),
            "time_spent_seconds": spent,
            "comment": overall_comment(rng, conv, score, ratings) or None,
            "ratings": written,
        }
        reviews.append(review)
    reviews.sort(
        key=lambda r: (r["submitted_at"], r["conversation"]["source"], r["conversation"]["id"])
    )
    return reviews


# ---------------------------------------------------------------------------------------------
# Coaching sessions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """An action item agreed in a session: done on ``done`` (a local day and hour), else open."""

    text: str
    owner: str
    due: date | None
    done: datetime | None = None


@dataclass(frozen=True)
class Session:
    """A one-on-one of the coach with an agent: the reviews discussed are the agent's weakest on
    ``focus`` submitted before the day (``since``: from that day on; with ``recent``, the latest
    instead of the weakest), at most ``discussed``."""

    agent: str
    held_on: date
    focus: tuple[str, ...]
    notes: str
    items: tuple[Item, ...]
    since: date = FIRST_DAY
    recent: bool = False
    discussed: int = 3


COACH = OTHER_STAFF[0]
SESSIONS: list[Session] = [
    Session("bl-102", date(2026, 9, 11), ("data_protection",),
            "Two bank contacts where account details went out before identity was checked: a "
            "chat, and a call where the balance was read out after hearing only a name. Jennifer "
            "knows the policy but skips it when a customer is in a hurry. The third call ended "
            "without offering more help. Agreed: verification first, every time.",
            (Item("Ask for two identifiers before sharing any account or order detail",
                  "Jennifer Brooks", date(2026, 9, 18), datetime(2026, 9, 17, 16, 10)),
             Item("Add the verification macro to the chat quick replies", "Peter Novak",
                  date(2026, 9, 14), datetime(2026, 9, 14, 10, 30)))),
    Session("bl-102", date(2026, 10, 9), ("data_protection",),
            "All four reviews since 15 September pass data protection; the quick-reply macro "
            "helped. Calls still end without offering more help (again on 5 October).",
            (Item("Show the verification routine to the new starters in the Friday huddle",
                  "Jennifer Brooks", date(2026, 10, 23), datetime(2026, 10, 23, 15, 0)),
             Item("Before ending a call, ask whether there is anything else", "Jennifer Brooks",
                  date(2026, 10, 23))),
            since=date(2026, 9, 15), recent=True, discussed=2),
    Session("bl-108", date(2026, 9, 4), ("process", "expectations"),
            "Onboarding check-in after three weeks. Kevin is quick and friendly, but promised a "
            "refund and a delivery date our tools cannot back up, and once checked only one "
            "identifier before sharing account details.",
            (Item("Shadow Maria Lopez on refund and cancellation chats for two shifts",
                  "Kevin O'Brien", date(2026, 9, 11), datetime(2026, 9, 10, 17, 45)),
             Item("Read the refund and return policy pages; ask in the team channel before "
                  "promising a refund", "Kevin O'Brien", date(2026, 9, 18),
                  datetime(2026, 9, 21, 9, 20)))),
    Session("bl-108", date(2026, 10, 16), ("greeting", "grammar"),
            "No process fails since the last session, and his score is up every month since he "
            "started. What is left is form: a missing greeting or closing and typos in a few "
            "replies. He still asks for help on every escalation.",
            (Item("Proofread before sending (the spell check catches \"teh\" and \"adress\")",
                  "Kevin O'Brien", date(2026, 10, 30), datetime(2026, 10, 27, 11, 15)),
             Item("Handle tier-2 escalations without help for two weeks, then go through them "
                  "together", "Kevin O'Brien", date(2026, 11, 13))),
            since=date(2026, 9, 5)),
    Session("bl-204", date(2026, 9, 25), ("data_protection", "tone"),
            "Two critical fails for sharing order details before checking identity (a Russian "
            "and a Ukrainian chat), and a curt reply on a call when the customer pushed back. "
            "Andrii says queue pressure made him cut corners; we agreed that is no reason for "
            "either.",
            (Item("Check two identifiers before sharing order details, in Ukrainian and Russian "
                  "chats alike", "Andrii Kravchenko", date(2026, 10, 9)),
             Item("Rewrite the curt reply from the 20 August call with the tone guide and bring "
                  "it to the next session", "Andrii Kravchenko", date(2026, 10, 2),
                  datetime(2026, 10, 1, 14, 5)),
             Item("Pair Andrii with Maryna Tkachenko for an afternoon of live chats",
                  "Peter Novak", date(2026, 10, 9)))),
    Session("bl-106", date(2026, 10, 23), ("greeting", "closing", "grammar"),
            "Tom's scores have slipped since September: greetings and closings missing in chats "
            "and e-mails, typos in e-mails, and a critical fail for checking only one "
            "identifier. He has been covering the late shift; we talked about workload too.",
            (Item("Open every chat with a greeting and your name", "Tom Becker",
                  date(2026, 11, 6)),
             Item("Run the spell check before sending an e-mail reply", "Tom Becker", None),
             Item("Review the late-shift rota with the team lead", "Peter Novak",
                  date(2026, 12, 4)))),
    Session("bl-105", date(2026, 10, 2), ("empathy",),
            "Priya's answers are right, but a customer who said they were frustrated got the "
            "answer with no word about how they felt. Two calls promised a next step without "
            "saying when.",
            (Item("When a customer says they are frustrated, acknowledge it in the first reply",
                  "Priya Nair", date(2026, 10, 16), datetime(2026, 10, 15, 11, 40)),
             Item("Give a time frame whenever you promise a next step", "Priya Nair",
                  date(2026, 10, 30)))),
    Session("bl-104", date(2026, 9, 18), ("clarity", "expectations"),
            "Replies use our internal words and end without saying when the next step happens; "
            "customers write back to ask. One chat also promised what our tools cannot do.",
            (Item("Replace internal terms with the customer's words (list in the team wiki)",
                  "James Carter", date(2026, 10, 2), datetime(2026, 9, 30, 16, 25)),
             Item("End each reply with what happens next and by when", "James Carter",
                  date(2026, 10, 2)))),
]  # fmt: skip


def _discussed(session: Session, reviews: list[tuple[dict[str, Any], float | None]], agent_of: dict[tuple[str, str], str]) -> list[dict[str, str]]:  # fmt: skip
    """The reviews a session goes through: the agent's weakest on its focus (or the latest)."""
    found = []
    for review, score in reviews:
        conversation = review["conversation"]
        day = datetime.fromisoformat(review["submitted_at"]).date()
        if agent_of[conversation["source"], conversation["id"]] != session.agent:
            continue
        if not session.since <= day < session.held_on:
            continue
        low = sum(review["ratings"].get(c, {}).get("value") in LOW for c in session.focus)
        found.append((review, low, score))
    if session.recent:
        found.sort(key=lambda f: f[0]["submitted_at"], reverse=True)
    else:
        found.sort(key=lambda f: (-f[1], 100.0 if f[2] is None else f[2], f[0]["submitted_at"]))
    return [dict(f[0]["conversation"]) for f in found[: session.discussed]]


def make_coaching(conversations: list[Conversation], reviews: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """The coach's one-on-ones with six agents, on the reviews of the data set."""
    from qa_desk.rubric_loader import load_rubric_file

    rubrics = {
        key: load_rubric_file(ROOT / "rubrics" / f"{key}.yaml")[0]
        for key in ("support-core", "small-team")
    }
    agent_of = {(c.source, c.external_id): c.agent.key for c in conversations}
    scored = [
        (r, rubrics[r["rubric"]].score({c: e["value"] for c, e in r["ratings"].items()}).score)
        for r in reviews
    ]
    zones = {a.key: a.zone for a in AGENTS}
    sessions = []
    for session in SESSIONS:
        items = []
        for item in session.items:  # done in the owner's time zone
            zone = COACH.zone if item.owner == COACH.name else zones[session.agent]
            items.append(
                {"text": item.text, "owner": item.owner,
                 "due_on": item.due.isoformat() if item.due else None,
                 "done_at": iso(to_utc(item.done, zone)) if item.done else None}
            )  # fmt: skip
        sessions.append(
            {
                "agent": session.agent,
                "coach": COACH.email,
                "held_on": session.held_on.isoformat(),
                "notes": session.notes,
                "reviews": _discussed(session, scored, agent_of),
                "action_items": items,
            }
        )
    return {"sessions": sessions}


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def build(realdata: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any], dict[str, Any]]:  # fmt: skip
    customers = Customers()
    conversations = [
        *meridian_conversations(customers),
        *bank_conversations(realdata, customers),
        *abcd_conversations(realdata),
        *coffee_conversations(realdata, customers),
    ]
    conversations.sort(key=lambda c: (c.times[0], c.client, c.agent.key, c.subject))
    counters: dict[str, int] = {}
    for conv in conversations:
        prefix = SOURCES[conv.client][1]
        counters[prefix] = counters.get(prefix, 0) + 1
        conv.external_id = f"{prefix}-{100000 + counters[prefix]}"
    reviews = make_reviews(conversations)
    users = {
        "organisation": "Brightline (a customer-support outsourcer; clients Meridian, Harper Valley National Bank, Coffee Bar)",
        "users": [{"name": s.name, "email": s.email, "role": s.role, "languages": list(s.languages)}
                  for s in [*REVIEWERS, *OTHER_STAFF]],
    }  # fmt: skip
    coaching = make_coaching(conversations, reviews)
    return [c.record() for c in conversations], reviews, users, coaching


def gzip_lines(records: list[dict[str, Any]]) -> bytes:
    """JSON Lines, gzip-compressed without a file name or time stamp (so the bytes only depend
    on the content)."""
    raw = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        out.write(raw.encode("utf-8"))
    return buffer.getvalue()


OUTPUT_FILES = ("conversations.jsonl.gz", "reviews.jsonl.gz", "users.json", "coaching.json")


def write(out: Path, realdata: Path) -> dict[str, int]:
    conversations, reviews, users, coaching = build(realdata)
    out.mkdir(parents=True, exist_ok=True)
    (out / "conversations.jsonl.gz").write_bytes(gzip_lines(conversations))
    (out / "reviews.jsonl.gz").write_bytes(gzip_lines(reviews))
    (out / "users.json").write_text(
        json.dumps(users, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out / "coaching.json").write_text(
        json.dumps(coaching, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return {"conversations": len(conversations), "reviews": len(reviews),
            "messages": sum(len(c["messages"]) for c in conversations)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})"
    )
    parser.add_argument("--realdata", type=Path, default=Path(os.environ.get("QA_DESK_REALDATA", DEFAULT_REALDATA)),
                        help="folder of the public dialogue corpora (default: $QA_DESK_REALDATA or ../shared/realdata)")  # fmt: skip
    args = parser.parse_args(argv)
    if not (args.realdata / "sgd").is_dir():
        parser.error(f"no dialogue corpora in {args.realdata} (give --realdata)")
    counts = write(args.out, args.realdata)
    sizes = ", ".join(
        f"{name} {(args.out / name).stat().st_size / 1024:,.0f} KiB" for name in OUTPUT_FILES
    )
    print(f"{counts['conversations']:,} conversations, {counts['messages']:,} messages, {counts['reviews']:,} reviews -> {args.out} ({sizes})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

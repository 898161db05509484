"""A deterministic, realistic JSONL export for the import benchmark.

Conversations have 2–30 messages (mean 10; the total is made exact), messages 20–600 characters
(chat short, e-mail longer), mostly English with some Russian, Chinese and Arabic, ~200 agents each in
one of 12 teams, tags, CSAT on about half of them, and timestamps written the ways help desks write them
(mostly ``...Z``, some with milliseconds, some with a local offset, a few conversations without their
own start and end). The same size always gives the same file; it is cached under
:func:`cache_dir` and made again only when missing.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 1
SEED = 20260301

TEAMS = (
    "Billing", "Payments", "Onboarding", "Accounts", "Shipping EU", "Shipping US", "Returns",
    "Technical L1", "Technical L2", "VIP", "Marketplace", "Partners",
)  # fmt: skip
FIRST_NAMES = (
    "Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kateryna",
    "Liam", "Maya", "Nikolai", "Olivia", "Pedro", "Qing", "Rania", "Sofia", "Tom", "Uma", "Viktor",
    "Wei", "Ximena", "Yusuf", "Zoe", "Aisha", "Bruno", "Chen", "Dmytro", "Emma", "Fatima",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Kowalski", "Ivanova", "Nakamura", "Garcia", "Müller", "Haddad", "Li", "Okafor",
    "Rossi", "Dubois", "Novak", "Svensson", "Kim", "Patel", "Shevchenko", "O'Brien", "Santos",
)  # fmt: skip
TAGS = (
    "refund", "billing", "login", "password-reset", "shipping-delay", "damaged-item", "cancel",
    "upgrade", "downgrade", "invoice", "bug", "feature-request", "complaint", "vip", "escalated",
    "gdpr", "chargeback", "address-change", "missing-item", "promo-code", "account-locked",
    "two-factor", "api", "integration", "mobile-app", "slow", "outage", "training", "feedback",
    "renewal", "trial", "tax", "export", "duplicate-charge", "wrong-item", "exchange", "warranty",
    "onboarding", "churn-risk", "praise",
)  # fmt: skip
CHANNELS = ("chat", "chat", "chat", "email", "email", "phone", "social")
SUBJECTS = (
    "Refund for order", "Cannot log in", "Where is my parcel?", "Charged twice", "Change my plan",
    "Invoice needed", "App crashes on start", "Cancel subscription", "Wrong size delivered",
    "Question about my bill", "Password reset link expired", "Upgrade to annual",
)  # fmt: skip

EN_WORDS = (
    "hello thanks for reaching out I am sorry to hear that your order has not arrived yet let me "
    "check the tracking number for you please could you confirm the email address on the account "
    "I can see the payment went through twice so I will refund the duplicate charge today it "
    "usually takes three to five business days to show on your statement is there anything else "
    "I can help with the package was marked as delivered but I never received it my password reset "
    "link does not work and I am locked out of the account again the app keeps crashing when I "
    "open the settings page we have escalated this to our technical team and will update you by "
    "tomorrow morning I understand how frustrating this must be thank you for your patience I have "
    "applied a discount to your next invoice the subscription will renew on the first of the month "
    "unless you cancel before then could you send a screenshot of the error message please verify "
    "the last four digits of the card the replacement will ship within two days"
).split()
RU_WORDS = (
    "здравствуйте спасибо за обращение мне очень жаль что ваш заказ еще не доставлен давайте я "
    "проверю номер отслеживания пожалуйста подтвердите адрес электронной почты я вижу что оплата "
    "прошла дважды поэтому верну лишнее списание сегодня деньги обычно приходят за три пять рабочих "
    "дней могу ли я еще чем-нибудь помочь приложение закрывается при открытии настроек"
).split()
AR_WORDS = (
    "مرحبا شكرا لتواصلك معنا يؤسفني أن طلبك لم يصل بعد دعني أتحقق من رقم التتبع من فضلك أكد "
    "البريد الإلكتروني للحساب أرى أن الدفع تم مرتين لذلك سأعيد المبلغ المكرر اليوم عادة يستغرق "
    "ذلك من ثلاثة إلى خمسة أيام عمل هل هناك شيء آخر يمكنني مساعدتك به"
).split()
ZH_PHRASES = (
    "您好", "感谢您的耐心等待", "我的订单还没有收到", "请提供您的订单号", "我们已经为您办理退款",
    "退款会在三到五个工作日内到账", "应用程序打开设置时崩溃", "我无法登录我的账户", "密码重置链接已过期",
    "我们已将问题升级给技术团队", "请问还有其他可以帮您的吗", "包裹显示已签收但我没有收到",
    "您的账户被重复扣款", "我们会尽快给您回复", "发票已经发送到您的邮箱",
)  # fmt: skip
LANGUAGES = (("en", 85), ("ru", 6), ("zh", 5), ("ar", 4))


def cache_dir() -> Path:
    """Where generated data sets are kept: ``QA_DESK_BENCH_CACHE`` or a folder in the temp dir."""
    folder = os.environ.get("QA_DESK_BENCH_CACHE") or os.path.join(
        tempfile.gettempdir(), "qa-desk-benchmarks"
    )
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def conversation_lengths(rng: random.Random, conversations: int, messages: int) -> list[int]:
    """Message counts of 2–30 per conversation, skewed short, summing exactly to ``messages``."""
    if not 2 * conversations <= messages <= 30 * conversations:
        raise ValueError("messages must be between 2 and 30 per conversation")
    lengths = [min(30, 2 + int(rng.gammavariate(1.6, 5.0))) for _ in range(conversations)]
    total = sum(lengths)
    while total != messages:
        i = rng.randrange(conversations)
        if total < messages and lengths[i] < 30:
            lengths[i] += 1
            total += 1
        elif total > messages and lengths[i] > 2:
            lengths[i] -= 1
            total -= 1
    return lengths


class _Texts:
    """Message text of a wanted length in one language."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def length(self, channel: str) -> int:
        mu = 5.2 if channel == "email" else 4.4  # medians ~180 and ~80 characters
        return max(20, min(600, int(self.rng.lognormvariate(mu, 0.6))))

    def make(self, language: str, length: int) -> str:
        rng = self.rng
        if language == "zh":
            parts: list[str] = []
            size = 0
            while size < length:
                phrase = rng.choice(ZH_PHRASES)
                parts.append(phrase + rng.choice("，。！？"))
                size += len(phrase) + 1
            return "".join(parts)[:length]
        words = EN_WORDS if language == "en" else RU_WORDS if language == "ru" else AR_WORDS
        picked = rng.choices(words, k=length // 5 + 2)
        text = " ".join(picked)
        while len(text) < length:
            text += " " + " ".join(rng.choices(words, k=8))
        text = text[:length].rstrip()
        if language == "en" and rng.random() < 0.15:
            text = text[: max(0, length - 22)] + f" order #{rng.randrange(10**6, 10**7)}"
        text = text[:1].upper() + text[1:]
        return text if text.endswith((".", "?", "!")) else text[: length - 1] + rng.choice(".?!")


def _stamp(rng: random.Random, moment: datetime) -> str:
    """The moment as an export writes it: mostly ``Z``, some milliseconds, some local offsets."""
    roll = rng.random()
    if roll < 0.8:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if roll < 0.9:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z"
    offset = timedelta(hours=rng.choice((-5, 1, 2, 3, 8)))
    return (moment + offset).replace(tzinfo=None).isoformat() + _offset_text(offset)


def _offset_text(offset: timedelta) -> str:
    hours = int(offset.total_seconds() // 3600)
    return f"{'+' if hours >= 0 else '-'}{abs(hours):02d}:00"


def conversations(count: int, messages: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """The conversations of the data set as JSON-ready objects, always the same for a size."""
    rng = random.Random(seed)
    lengths = conversation_lengths(rng, count, messages)
    texts = _Texts(rng)
    agents = []
    for i in range(200):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], rng.choice(LAST_NAMES)
        agents.append(
            {
                "id": f"agent-{i + 1:04d}",
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{i + 1}@support.example.com",
                "team": TEAMS[i % len(TEAMS)],
            }
        )
    start = datetime(2025, 1, 1, tzinfo=UTC)
    span = 365 * 24 * 3600
    language_names = [name for name, _ in LANGUAGES]
    language_weights = [weight for _, weight in LANGUAGES]
    message_number = 0
    for n in range(count):
        agent = rng.choice(agents)
        channel = rng.choice(CHANNELS)
        language = rng.choices(language_names, language_weights)[0]
        customer_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        moment = start + timedelta(seconds=rng.randrange(span))
        first_moment = moment
        items = []
        role = "customer"
        for position in range(lengths[n]):
            message_number += 1
            internal = role == "agent" and position > 1 and rng.random() < 0.04
            if position == 0 and rng.random() < 0.1:
                speaker = "bot"
            elif position > 0 and rng.random() < 0.02:
                speaker = "system"
            else:
                speaker = role
            author = {
                "customer": customer_name,
                "agent": agent["name"],
                "bot": "Helpdesk Bot",
                "system": None,
            }[speaker]
            item: dict[str, Any] = {
                "id": f"m{message_number}",
                "role": speaker,
                "at": _stamp(rng, moment),
                "text": texts.make(language, texts.length(channel)),
            }
            if author is not None:
                item["author"] = author
            if internal:
                item["internal"] = True
            items.append(item)
            role = "agent" if role == "customer" else "customer"
            gap = rng.randrange(20, 900) if channel != "email" else rng.randrange(600, 86_400)
            moment += timedelta(seconds=gap)
        conversation: dict[str, Any] = {
            "id": f"T{n + 1:07d}",
            "channel": channel,
            "subject": rng.choice(SUBJECTS) if channel == "email" or rng.random() < 0.3 else None,
            "agent": {"id": agent["id"], "name": agent["name"], "email": agent["email"]},
            "team": agent["team"],
            "customer": {
                "id": f"cust-{rng.randrange(1, 60_000)}",
                "name": customer_name,
                "email": f"customer{rng.randrange(1, 60_000)}@mail.example.org",
            },
            "tags": rng.sample(TAGS, k=rng.choice((0, 1, 1, 2, 2, 3, 4))),
            "language": language,
            "fields": {
                "priority": rng.choice(("low", "normal", "normal", "high", "urgent")),
                "product": rng.choice(("web", "ios", "android", "api")),
            },
            "messages": items,
        }
        if rng.random() < 0.5:
            conversation["csat"] = rng.choice((1, 2, 3, 4, 4, 5, 5, 5))
        if rng.random() < 0.9:
            conversation["started_at"] = _stamp(rng, first_moment)
            conversation["ended_at"] = _stamp(rng, moment)
        if conversation["subject"] is None:
            del conversation["subject"]
        yield conversation


def write_jsonl(path: Path, count: int, messages: int, seed: int = SEED) -> Path:
    """Write the data set to ``path`` (through a temporary file, so a half-written one never stays)."""
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out:
        for conversation in conversations(count, messages, seed):
            out.write(json.dumps(conversation, ensure_ascii=False))
            out.write("\n")
    partial.replace(path)
    return path


def dataset(count: int, messages: int, seed: int = SEED, folder: Path | None = None) -> Path:
    """The path of the data set of this size, generating it first when it is not cached."""
    folder = folder or cache_dir()
    path = folder / f"conversations-v{GENERATOR_VERSION}-{seed}-{count}-{messages}.jsonl"
    if not path.exists():
        write_jsonl(path, count, messages, seed)
    return path

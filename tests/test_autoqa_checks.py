"""Each automatic check on positive and negative examples in English, Ukrainian, Russian, Chinese
and Arabic. The sentences are written the way support agents and customers write them (most are
taken from the demo data set and the public corpora in ../shared/realdata)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qa_desk.autoqa_checks import (
    ConversationInput,
    MessageInput,
    card_numbers,
    check_conversation,
)
from qa_desk.autoqa_phrases import detect_language, language_code
from qa_desk.autoqa_sla import load_sla

SLA = load_sla(user_file=False)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def chat(
    language: str | None,
    turns: list[tuple[str, str] | tuple[str, str, int]],
    customer: str | None = None,
    channel: str = "chat",
) -> ConversationInput:
    """A conversation from (role, text[, seconds after the start]) turns, a minute apart."""
    messages = []
    for position, turn in enumerate(turns):
        role, text = turn[0], turn[1]
        seconds = turn[2] if len(turn) == 3 else position * 60  # type: ignore[misc]
        messages.append(
            MessageInput(
                100 + position, position, role, False, START + timedelta(seconds=seconds), text
            )
        )
    return ConversationInput(1, channel, language, customer, messages)


def results(conversation: ConversationInput) -> dict[str, tuple[str, list[str]]]:
    """Outcome and evidence texts of each check."""
    found = {}
    for result in check_conversation(conversation, SLA):
        texts = [e["text"] for e in result.evidence]
        for e in result.evidence:  # every span points into its message's text
            message = next(m for m in conversation.messages if m.id == e["message_id"])
            assert message.position == e["position"]
            if "•" not in e["text"]:
                assert message.text[e["start"] : e["end"]] == e["text"]
        found[result.check] = (result.outcome, texts)
    return found


def outcome(conversation: ConversationInput, check: str) -> str:
    return results(conversation)[check][0]


# --- greeting and closing ----------------------------------------------------------------------

GREETINGS = {
    "en": ("Hi Ana, Tom here from the Meridian support team.", "Order number?"),
    "uk": ("Добрий день, Олено! Мене звати Роман, служба підтримки Meridian.", "Номер замовлення?"),
    "ru": ("Здравствуйте, Артём! На связи Виктория, поддержка Meridian.", "Номер заказа?"),
    "zh": ("张女士您好！感谢您联系Meridian。我是客服张敏。", "订单号是多少？"),
    "ar": ("السلام عليكم أحمد، معك يوسف من دعم Meridian.", "ما هو رقم الطلب؟"),
}
CLOSINGS = {
    "en": ("Thanks for contacting Meridian, have a great day!", "The refund was issued."),
    "uk": ("Чи можу я ще чимось допомогти? Гарного дня!", "Повернення оформлено."),
    "ru": ("Спасибо за обращение в Meridian, хорошего дня!", "Возврат оформлен."),
    "zh": ("很高兴能帮到您，有需要随时联系我们！", "退款已经处理。"),
    "ar": ("سعدت بمساعدتك، في أمان الله.", "تم إصدار المبلغ المسترد."),
}


@pytest.mark.parametrize("language", list(GREETINGS))
def test_greeting_in_the_first_agent_message(language):
    good, bad = GREETINGS[language]
    found = results(chat(language, [("customer", "?"), ("agent", good), ("agent", bad)]))
    assert found["greeting"][0] == "pass"
    assert found["greeting"][1][0] in good[:12]
    assert (
        outcome(chat(language, [("customer", "?"), ("agent", bad), ("agent", good)]), "greeting")
        == "fail"
    )


@pytest.mark.parametrize("language", list(CLOSINGS))
def test_closing_in_the_last_agent_messages(language):
    good, bad = CLOSINGS[language]
    closed = chat(language, [("customer", "?"), ("agent", bad), ("agent", good)])
    assert outcome(closed, "closing") == "pass"
    abrupt = chat(language, [("customer", "?"), ("agent", good), ("agent", bad), ("agent", bad)])
    assert outcome(abrupt, "closing") == "fail"


# Real closings, most from the demo data set; "Have a great night!" once failed (no night in the
# list), as did the Arabic e-mail sign-off "مع أطيب التحيات" (English "Best regards" passed) and
# the Russian and Ukrainian "anything else?" (English "Anything else?" passed).
MORE_CLOSINGS = {
    "en": ["Have a great night!", "Enjoy the rest of your day.", "Have a fantastic day.",
           "You're welcome, good night!", "Let me know if I can get you anything."],
    "uk": ["Дякую, на добраніч!", "Гарної ночі!", "Приємного вечора!",
           "Завжди раді допомогти! Звертайтеся, якщо щось знадобиться.",
           "Повернення оформлено. Щось ще?", "Чим ще можу допомогти?"],
    "ru": ["Спасибо, спокойной ночи!", "Доброй ночи!", "Приятного вечера!",
           "Всегда рады помочь! Обращайтесь, если что-то понадобится.",
           "Спасибо, возврат оформлен. Что-нибудь ещё?", "Что-то еще?", "Есть ещё вопросы?"],
    "zh": ["不客气，晚安！", "感谢致电Meridian，再见！", "如有其他需要帮助的地方，欢迎随时回复本邮件。"],
    "ar": ["تصبح على خير!", "ليلة سعيدة!",
           "مع أطيب التحيات،\nعمر\nخدمة عملاء Meridian",
           "إذا احتجت إلى أي مساعدة أخرى، يسعدنا تلقي ردك على هذه الرسالة."],
}  # fmt: skip


@pytest.mark.parametrize("language", list(MORE_CLOSINGS))
def test_common_closings_pass_and_a_bare_acknowledgement_does_not(language):
    bad = CLOSINGS[language][1]
    for good in MORE_CLOSINGS[language]:
        closed = chat(language, [("customer", "?"), ("agent", bad), ("agent", good)])
        assert outcome(closed, "closing") == "pass", good
        abrupt = chat(
            language, [("customer", "?"), ("agent", good), ("agent", bad), ("agent", bad)]
        )
        assert outcome(abrupt, "closing") == "fail", good


def test_the_demo_conversation_ending_with_good_night_passes_the_closing():
    conversation = chat(
        "en",
        [
            ("agent", "ok, unfortunately because it has been more than 90 days we cannot accept "
                      "the return. Would there be anything else I can help you with?"),
            ("customer", "What if I ask really, really nicely?"),
            ("agent", "OK, I have let my manager know, they will give you a call. Sorry I "
                      "couldn't be of more assistance!"),
            ("agent", "Have a great night!"),
        ],
    )  # fmt: skip
    assert results(conversation)["closing"] == ("pass", ["Have a great night"])


def test_a_bot_greeting_does_not_count_and_an_internal_note_is_not_read():
    conversation = chat(
        "en",
        [
            ("bot", "Hello! Please describe your question."),
            ("customer", "Where is my parcel?"),
            ("agent", "Order number?"),
        ],
    )
    assert outcome(conversation, "greeting") == "fail"
    note = conversation.messages[2]
    conversation.messages[2] = MessageInput(
        note.id, note.position, "agent", True, note.sent_at, "4111 1111 1111 1111"
    )
    assert outcome(conversation, "sensitive_data") == "na"  # the only agent message is internal


# --- the customer's name -----------------------------------------------------------------------

NAMES = {
    "en": ("Sophie White", "Hello Sophie! My name is Daniel."),
    "uk": ("Олена Коваль", "Добрий день, Олено! Мене звати Роман."),  # vocative case
    "ru": ("Артём Смирнов", "Здравствуйте, Артем! На связи Виктория."),  # ё written as е
    "zh": ("周雨萱", "周女士，您好：感谢您的来信！"),  # surname and title
    "ar": ("نورة العتيبي", "مرحباً نوره، معك ليلى من فريق الدعم."),  # ة written as ه
}


@pytest.mark.parametrize("language", list(NAMES))
def test_customer_name_used_in_its_inflected_or_polite_form(language):
    name, greeting = NAMES[language]
    found = results(chat(language, [("customer", "?"), ("agent", greeting)], customer=name))
    assert found["customer_name"][0] == "pass"
    unnamed = chat(language, [("customer", "?"), ("agent", GREETINGS[language][1])], customer=name)
    assert outcome(unnamed, "customer_name") == "fail"


def test_customer_name_unknown_is_not_applicable():
    for customer in (None, "anna.k@example.com", "cu-123", "Customer"):
        conversation = chat("en", [("customer", "?"), ("agent", "Hi there!")], customer=customer)
        assert outcome(conversation, "customer_name") == "na"


def test_a_name_inside_another_word_does_not_count():
    conversation = chat("en", [("customer", "?"), ("agent", "Your tracking number...")], "Al")
    assert outcome(conversation, "customer_name") == "fail"  # "Al" is not in "tracking"


# --- response times ----------------------------------------------------------------------------


def test_first_response_and_longest_wait_against_the_channel_target():
    fast = chat("en", [("customer", "Hi", 0), ("agent", "Hello!", 90), ("customer", "ok", 100),
                       ("agent", "Done", 200)])  # fmt: skip
    found = {r.check: r for r in check_conversation(fast, SLA)}
    assert (found["first_response_time"].outcome, found["first_response_time"].value) == (
        "pass",
        90,
    )
    assert (found["longest_wait"].outcome, found["longest_wait"].value) == ("pass", 100)
    assert found["first_response_time"].detail == "first reply after 90 s; target 2 min (chat)"
    slow = chat("en", [("customer", "Hi", 0), ("agent", "Hello!", 60), ("customer", "and?", 120),
                       ("customer", "hello??", 300), ("agent", "Sorry", 900)])  # fmt: skip
    found = {r.check: r for r in check_conversation(slow, SLA)}
    assert found["first_response_time"].outcome == "pass"
    assert (found["longest_wait"].outcome, found["longest_wait"].value) == ("fail", 780)
    assert [e["position"] for e in found["longest_wait"].evidence] == [2, 4]


def test_timing_is_language_neutral_and_phone_is_not_measured_by_default():
    unknown = chat("de", [("customer", "Hallo", 0), ("agent", "Guten Tag", 30)])
    assert outcome(unknown, "first_response_time") == "pass"
    assert outcome(unknown, "greeting") == "na"
    email = chat(
        None, [("customer", "Bonjour", 0), ("agent", "Bonjour", 30 * 3600)], channel="email"
    )
    assert outcome(email, "first_response_time") == "fail"  # 30 h against 24 h
    phone = chat("en", [("customer", "Hi", 0), ("agent", "Hello", 5)], channel="phone")
    assert outcome(phone, "first_response_time") == "na"


# --- empathy when the customer is frustrated ----------------------------------------------------

EMPATHY = {
    "en": ("Honestly, I'm getting really frustrated.", "I'm sorry the parcel is late again."),
    "uk": ("Пишу вже вдруге з цього питання.", "Мені дуже прикро, що вам довелося чекати."),
    "ru": (
        "Пишу уже второй раз по этому вопросу.",
        "Понимаю ваше недовольство, приношу извинения.",
    ),
    "zh": ("这已经是我第二次为这件事联系你们了。", "我完全理解您的心情，真的很抱歉。"),
    "ar": (
        "هذه ثاني مرة أتواصل معكم بخصوص هذا الموضوع.",
        "أعتذر حقاً عن اضطرارك للتواصل معنا مرة أخرى.",
    ),
}
NEUTRAL = {
    "en": ("Can you tell me where my parcel is?", "It arrives on Friday."),
    "uk": ("Підкажіть, будь ласка, де моя посилка?", "Посилка прийде у п'ятницю."),
    "ru": ("Подскажите, пожалуйста, где моя посылка?", "Посылка придет в пятницу."),
    "zh": ("您好！订单现在还能取消吗？", "包裹周五送达。"),
    "ar": ("لو سمحت، أين شحنتي؟", "ستصلك الشحنة يوم الجمعة."),
}


@pytest.mark.parametrize("language", list(EMPATHY))
def test_empathy_after_frustration(language):
    upset, kind = EMPATHY[language]
    calm, plain = NEUTRAL[language]
    found = results(chat(language, [("customer", upset), ("agent", kind)]))
    assert found["empathy"][0] == "pass"
    evidence = found["empathy"][1]  # the frustration, then the empathy
    assert evidence[0] in upset and all(e in kind for e in evidence[1:]) and len(evidence) >= 2
    assert outcome(chat(language, [("customer", upset), ("agent", plain)]), "empathy") == "fail"
    assert outcome(chat(language, [("customer", calm), ("agent", plain)]), "empathy") == "na"


# --- sensitive data ----------------------------------------------------------------------------


def test_card_numbers_pass_the_luhn_check():
    text = "Card 4111 1111 1111 1111, order 44551323, phone +380 67 123 4567, 0000 0000 0000 0000"
    assert [text[s:e] for s, e in card_numbers(text)] == ["4111 1111 1111 1111"]
    assert card_numbers("4111-1111-1111-1112") == []  # fails the Luhn check


PASSWORDS = {
    "en": (
        "Your temporary password is Hx7!kq29, please change it.",
        "Your password is incorrect, use the reset link.",
    ),
    "uk": ("Ваш новий пароль: Kx7pq2Lm", "Пароль можна змінити в налаштуваннях."),
    "ru": ("Временный пароль — qwerty123", "Пароль неверный, воспользуйтесь ссылкой."),
    "zh": ("您的临时密码是Abc12345，请尽快修改。", "我已经把修改密码的链接发给您了。"),
    "ar": ("كلمة المرور الجديدة هي Zt93kLm1", "يمكنك تغيير كلمة المرور من الإعدادات."),
}


@pytest.mark.parametrize("language", list(PASSWORDS))
def test_sensitive_data_password_and_card(language):
    shared, safe = PASSWORDS[language]
    found = results(chat(language, [("customer", "?"), ("agent", shared)]))
    assert found["sensitive_data"][0] == "fail"
    assert "•" in found["sensitive_data"][1][0]  # stored masked
    assert outcome(chat(language, [("customer", "?"), ("agent", safe)]), "sensitive_data") == "pass"
    card = chat(language, [("customer", "?"), ("agent", "4111 1111 1111 1111")])
    assert results(card)["sensitive_data"] == ("fail", ["•••• •••• •••• 1111"])


# Asking the customer to send payment data or a password is the failure QA teams look for; asking
# for the last four digits, or pointing to the reset link, is how it should be done.
ASKS = {
    "en": [
        "Can you tell me your current password so I can check it?",
        "Please send me the full card number so I can find the payment.",
        "What is your PIN?",
        "Could you tell me the CVV on the back of the card?",
        "I'll need your card number and the security code to find it.",
    ],
    "uk": [
        "Пришліть номер картки.",
        "Назвіть, будь ласка, ваш поточний пароль, я перевірю.",
        "Надішліть, будь ласка, повний номер картки, щоб я знайшла платіж.",
        "Продиктуйте CVV-код з картки.",
    ],
    "ru": [
        "Назовите пароль.",
        "Пришлите, пожалуйста, полный номер карты, чтобы я нашёл платёж.",
        "Назовите, пожалуйста, ваш текущий пароль, я проверю, правильный ли он.",
    ],
    "zh": [
        "请提供您的卡号。",
        "请把您的完整银行卡号发给我，我来查找这笔付款。",
        "请告诉我您现在的密码，我帮您核对一下是否正确。",
        "您的密码是多少？",
    ],
    "ar": [
        "أرسل رقم البطاقة.",
        "أرسلي لي كلمة المرور الحالية لأتحقق من صحتها.",
        "أرسل لي رقم البطاقة كاملاً حتى أجد الدفعة.",
    ],
}
SAFE_ASKS = {
    "en": ["Could you send me the last four digits of your card number?",
           "Please reset your password using the link I sent you.",
           "Never share your password or PIN with anyone, including us.",
           "Let me know if the new password works.", "We will never ask you to send us your PIN.",
           "Your password is incorrect, please send me a screenshot of the error.",
           "Please give me a moment while I check the card number you used on the order.",
           "Can you tell me the card number ending?"],
    "uk": ["Надішліть, будь ласка, останні чотири цифри номера картки.",
           "Змініть пароль за посиланням у листі.", "Вам не потрібно надсилати пароль.",
           "Дайте хвилинку, я перевірю номер вашої картки в замовленні."],
    "ru": ["Пришлите, пожалуйста, последние 4 цифры номера карты.",
           "Смените пароль по ссылке из письма."],
    "zh": ["请提供您的卡号后四位。", "请通过链接重置密码。", "请不要把密码发给我或任何人。"],
    "ar": ["يمكنك تغيير كلمة المرور من الإعدادات.", "لا ترسل لي كلمة المرور أبداً.",
           "أرسل لي آخر أربعة أرقام من رقم البطاقة."],
}  # fmt: skip


@pytest.mark.parametrize("language", list(ASKS))
def test_asking_for_a_card_number_or_password_fails_and_names_the_message(language):
    for ask in ASKS[language]:
        conversation = chat(language, [("customer", "?"), ("agent", "…"), ("agent", ask)])
        result = {r.check: r for r in check_conversation(conversation, SLA)}["sensitive_data"]
        assert result.outcome == "fail", ask
        asked = result.evidence[0]
        assert (asked["position"], asked["text"]) == (2, ask[asked["start"] : asked["end"]])
        assert len(asked["text"]) >= 5 and "•" not in asked["text"]
        assert result.detail.startswith("the agent asked for ") and "in message 3: “" in (
            result.detail
        ), result.detail


@pytest.mark.parametrize("language", list(SAFE_ASKS))
def test_asking_for_the_last_four_digits_or_a_reset_is_not_asking_for_the_secret(language):
    for safe in SAFE_ASKS[language]:
        conversation = chat(language, [("customer", "?"), ("agent", safe)])
        assert outcome(conversation, "sensitive_data") == "pass", safe


def test_the_detail_says_what_was_asked_and_written_and_where():
    conversation = chat(
        "en",
        [("customer", "I can't pay."), ("agent", "Please send me the full card number."),
         ("customer", "4111 1111 1111 1111"), ("agent", "Thanks, 4111 1111 1111 1111 works."),
         ("agent", "And tell me the CVV and your PIN too.")],
    )  # fmt: skip
    result = {r.check: r for r in check_conversation(conversation, SLA)}["sensitive_data"]
    assert result.outcome == "fail" and result.value == 3
    assert [e["text"] for e in result.evidence] == [
        "Please send me the full card number",
        "•••• •••• •••• 1111",
        "tell me the CVV",
    ]  # fmt: skip  (one request for the CVV and the PIN)
    assert result.detail == (
        "the agent asked for a card number in message 2: “Please send me the full card number”; "
        "wrote a card number in message 4: “•••• •••• •••• 1111”; 1 more"
    )


def test_card_numbers_are_checked_in_any_language_and_a_customer_card_is_not_the_agents():
    unknown = chat("fi", [("customer", "Kortti 4111111111111111"), ("agent", "Kiitos")])
    assert outcome(unknown, "sensitive_data") == "pass"
    leaked = chat("fi", [("customer", "?"), ("agent", "Kortti 4111111111111111")])
    assert outcome(leaked, "sensitive_data") == "fail"


# --- profanity and sentiment -------------------------------------------------------------------

PROFANITY = {
    "en": "This is such bullshit, I can't fix it.",
    "uk": "Та блять, система знову впала.",
    "ru": "Какого хрена, опять это говно не работает.",
    "zh": "他妈的，系统又坏了。",
    "ar": "اللعنة، النظام معطل مرة أخرى.",
}


@pytest.mark.parametrize("language", list(PROFANITY))
def test_agent_profanity(language):
    assert (
        outcome(chat(language, [("customer", "?"), ("agent", PROFANITY[language])]), "profanity")
        == "fail"
    )
    polite = chat(language, [("customer", "?"), ("agent", CLOSINGS[language][0])])
    assert outcome(polite, "profanity") == "pass"


ESCALATION = {
    "en": ("I want to speak to your manager right now.", "Great, thank you so much!"),
    "uk": ("Я напишу скаргу і піду до конкурентів.", "Дуже дякую, все чудово!"),
    "ru": (
        "Позовите руководителя, иначе пожалуюсь в Роспотребнадзор.",
        "Большое спасибо, всё отлично!",
    ),
    "zh": ("我要投诉，叫你们经理来。", "太好了，谢谢！"),
    "ar": ("أريد التحدث مع المدير وإلا سأقدم شكوى.", "شكراً جزيلاً! ممتاز"),
}


@pytest.mark.parametrize("language", list(ESCALATION))
def test_customer_sentiment_score_and_escalation(language):
    angry, happy = ESCALATION[language]
    found = {
        r.check: r
        for r in check_conversation(chat(language, [("customer", angry), ("agent", "…")]), SLA)
    }
    assert found["sentiment"].outcome == "fail" and found["sentiment"].value < 0
    found = {
        r.check: r
        for r in check_conversation(chat(language, [("customer", happy), ("agent", "…")]), SLA)
    }
    assert found["sentiment"].outcome == "pass" and found["sentiment"].value > 0


def test_sentiment_fails_when_the_customer_ends_negative():
    conversation = chat(
        "en",
        [("customer", "Thanks, great."), ("agent", "Here you go."),
         ("customer", "It's still not working, this is useless.")],
    )  # fmt: skip
    found = {r.check: r for r in check_conversation(conversation, SLA)}
    assert found["sentiment"].outcome == "fail"
    assert [e["text"] for e in found["sentiment"].evidence] == ["still not", "useless"]


# --- languages ---------------------------------------------------------------------------------


def test_language_codes_and_detection_from_the_script():
    assert [language_code(v) for v in ("en-US", "zh_Hans", "Ukrainian", "de", None)] == [
        "en", "zh", "uk", None, None,
    ]  # fmt: skip
    assert detect_language(["Пишу вже вдруге з цього питання."]) == "uk"
    assert detect_language(["Пишу уже второй раз по этому вопросу, объясните."]) == "ru"
    assert detect_language(["这已经是我第二次为这件事联系你们了。"]) == "zh"
    assert detect_language(["هذه ثاني مرة أتواصل معكم"]) == "ar"
    assert detect_language(["Hi, can you tell me where my parcel is?"]) == "en"
    assert detect_language(["Hallo, wo ist mein Paket geblieben?"]) is None
    detected = chat(None, [("customer", "Пишу вже вдруге."), ("agent", "Вітаю! Перепрошуємо.")])
    assert outcome(detected, "greeting") == "pass" and outcome(detected, "empathy") == "pass"


def test_unknown_language_gets_only_the_language_neutral_checks():
    conversation = chat("de", [("customer", "Hallo", 0), ("agent", "Guten Tag", 30)])
    found = results(conversation)
    neutral = {"first_response_time", "longest_wait", "sensitive_data"}
    assert {c for c, (o, _) in found.items() if o != "na"} == neutral


def test_the_checks_are_deterministic():
    conversation = chat("uk", [("customer", EMPATHY["uk"][0]), ("agent", GREETINGS["uk"][0]),
                              ("agent", CLOSINGS["uk"][0])], customer="Олена Коваль")  # fmt: skip
    first = check_conversation(conversation, SLA)
    assert all(check_conversation(conversation, SLA) == first for _ in range(3))

#include "messaging/smtp.hpp"

#include <gtest/gtest.h>

#include "messaging/smtp_sink.hpp"

namespace kp::messaging {
namespace {

Email sample() {
  Email e;
  e.from = "knutepunkt@fjordvik.kommune.no";
  e.to = "forelder@example.org";
  e.subject = "Kvittering: Aktivitetsuke på Bjørnøya";
  e.body = "Hei!\nDere er påmeldt.\n.\n..to punktum\nمرحبا، تم تسجيل طفلك.\n";
  e.message_id = "0b6c1d9e-1111-4222-8333-944455556666@fjordvik.kommune.no";
  e.date = 1795000000;
  return e;
}

SmtpConfig config_for(const test::SmtpSink& sink) {
  SmtpConfig c;
  c.host = "127.0.0.1";
  c.port = sink.port();
  c.helo_name = "knutepunkt.test";
  c.timeout_seconds = 10;
  return c;
}

bool has_header(const std::string& msg, const std::string& header) {
  return msg.find("\r\n" + header + "\r\n") != std::string::npos || msg.starts_with(header + "\r\n");
}

TEST(Smtp, NorwegianSubjectIsAnEncodedWordThatDecodesBack) {
  const std::string enc = encode_header_text("Påmelding");
  EXPECT_EQ(enc, "=?UTF-8?B?UMOlbWVsZGluZw==?=");
  EXPECT_EQ(encode_header_text("Receipt"), "Receipt");
  // Long Arabic subjects become several words, each at most 75 characters, folded.
  const std::string arabic = "تأكيد التسجيل في أسبوع الأنشطة الصيفية للأطفال والشباب في البلدية";
  const std::string long_enc = encode_header_text(arabic);
  size_t start = 0;
  int words = 0;
  while (start < long_enc.size()) {
    size_t end = long_enc.find("\r\n ", start);
    if (end == std::string::npos) end = long_enc.size();
    EXPECT_LE(end - start, 75u);
    EXPECT_TRUE(long_enc.substr(start, end - start).starts_with("=?UTF-8?B?"));
    ++words;
    start = end + 3;
  }
  EXPECT_GT(words, 1);
}

TEST(Smtp, LinesStartingWithADotAreStuffedAndLineEndsBecomeCrlf) {
  EXPECT_EQ(dot_stuff("a\n.\n..b\r\nc\rd"), "a\r\n..\r\n...b\r\nc\r\nd\r\n");
  EXPECT_EQ(dot_stuff(".start"), "..start\r\n");
}

TEST(Smtp, QuotedPrintableKeepsLinesShortAndEncodesUtf8) {
  EXPECT_EQ(quoted_printable("Blåbær = godt\r\n"), "Bl=C3=A5b=C3=A6r =3D godt\r\n");
  EXPECT_EQ(quoted_printable("trailing space \r\n"), "trailing space=20\r\n");
  const std::string qp = quoted_printable(std::string(200, 'x') + "\r\n");
  size_t start = 0;
  while (start < qp.size()) {
    size_t end = qp.find("\r\n", start);
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
}

TEST(Smtp, DateHeaderIsRfc5322InUtc) {
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(rfc5322_date(1795000000), "Wed, 18 Nov 2026 11:06:40 +0000");
}

TEST(Smtp, HeaderInjectionIsImpossible) {
  Email e = sample();
  e.subject = "Hei\r\nBcc: victim@example.org";
  EXPECT_FALSE(build_message(e, true));
  e = sample();
  e.to = "forelder@example.org\r\nBcc: victim@example.org";
  EXPECT_FALSE(build_message(e, true));
  e = sample();
  e.to = "forelder@example.org>\nRCPT TO:<x@example.org";
  EXPECT_FALSE(build_message(e, true));
  e = sample();
  e.from = "a@b.no\nX-Evil: 1";
  EXPECT_FALSE(build_message(e, true));
}

TEST(Smtp, MessageHasTheHeadersAMailProgramNeeds) {
  auto m = build_message(sample(), true);
  ASSERT_TRUE(m);
  for (const char* h : {"From: knutepunkt@fjordvik.kommune.no", "To: forelder@example.org",
                        "Date: Wed, 18 Nov 2026 11:06:40 +0000",
                        "Message-ID: <0b6c1d9e-1111-4222-8333-944455556666@fjordvik.kommune.no>", "MIME-Version: 1.0",
                        "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"})
    EXPECT_TRUE(has_header(*m, h)) << h << "\n" << *m;
  EXPECT_NE(m->find("\r\n\r\nHei!\r\nDere er påmeldt.\r\n"), std::string::npos);
  auto qp = build_message(sample(), false);
  ASSERT_TRUE(qp);
  EXPECT_TRUE(has_header(*qp, "Content-Transfer-Encoding: quoted-printable"));
  EXPECT_NE(qp->find("p=C3=A5meldt"), std::string::npos);
}

TEST(Smtp, MessageArrivesAtTheRelayWithUtf8BodyIntact) {
  test::SmtpSink sink;
  const auto r = send_email(config_for(sink), sample());
  ASSERT_EQ(r.outcome, SmtpResult::Outcome::sent) << r.error;
  const auto msgs = sink.messages();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].mail_from, "MAIL FROM:<knutepunkt@fjordvik.kommune.no> BODY=8BITMIME");
  EXPECT_EQ(msgs[0].rcpt_to, "RCPT TO:<forelder@example.org>");
  const std::string& c = msgs[0].content;
  EXPECT_TRUE(has_header(c, "Subject: =?UTF-8?B?S3ZpdHRlcmluZzogQWt0aXZpdGV0c3VrZSBww6UgQmrDuHJuw7h5YQ==?="))
      << c;
  EXPECT_TRUE(has_header(c, "Content-Type: text/plain; charset=UTF-8"));
  EXPECT_NE(c.find("\r\n\r\nHei!\r\nDere er påmeldt.\r\n.\r\n..to punktum\r\nمرحبا، تم تسجيل طفلك.\r\n"),
            std::string::npos)
      << c;
  // On the wire the lone "." and the ".." line were stuffed, so the message did not end early.
  EXPECT_NE(msgs[0].wire.find("\r\n..\r\n...to punktum\r\n"), std::string::npos);
  const auto cmds = sink.commands();
  ASSERT_FALSE(cmds.empty());
  EXPECT_EQ(cmds.front(), "EHLO knutepunkt.test");
  EXPECT_EQ(cmds.back(), "QUIT");
}

TEST(Smtp, WithoutEightBitMimeTheBodyGoesQuotedPrintable) {
  test::SmtpSink sink;
  sink.offer_8bitmime = false;
  ASSERT_EQ(send_email(config_for(sink), sample()).outcome, SmtpResult::Outcome::sent);
  const auto msgs = sink.messages();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].mail_from, "MAIL FROM:<knutepunkt@fjordvik.kommune.no>");
  EXPECT_TRUE(has_header(msgs[0].content, "Content-Transfer-Encoding: quoted-printable"));
  for (unsigned char ch : msgs[0].wire) EXPECT_LT(ch, 0x80);
}

TEST(Smtp, UnknownRecipientIsRejectedForGoodWithoutEchoingTheAddress) {
  test::SmtpSink sink;
  sink.rcpt_reply = "550 5.1.1 <forelder@example.org>: no such user";
  const auto r = send_email(config_for(sink), sample());
  EXPECT_EQ(r.outcome, SmtpResult::Outcome::rejected);
  EXPECT_EQ(r.error, "smtp 550 at RCPT");
  EXPECT_TRUE(sink.messages().empty());
}

TEST(Smtp, TemporaryRefusalAsksForARetry) {
  test::SmtpSink sink;
  sink.data_end_reply = "451 4.3.0 try again later";
  const auto r = send_email(config_for(sink), sample());
  EXPECT_EQ(r.outcome, SmtpResult::Outcome::retry);
  EXPECT_EQ(r.error, "smtp 451 at end of DATA");
}

TEST(Smtp, RefusedSenderIsRetriedBecauseItConcernsEveryMessage) {
  test::SmtpSink sink;
  sink.mail_reply = "553 sender not allowed";
  EXPECT_EQ(send_email(config_for(sink), sample()).outcome, SmtpResult::Outcome::retry);
}

TEST(Smtp, NoServerListeningAsksForARetry) {
  int port = 0;
  {
    test::SmtpSink sink;
    port = sink.port();
  }
  SmtpConfig c;
  c.host = "127.0.0.1";
  c.port = port;
  c.timeout_seconds = 5;
  const auto r = send_email(c, sample());
  EXPECT_EQ(r.outcome, SmtpResult::Outcome::retry);
  EXPECT_EQ(r.error, "connect failed");
}

}  // namespace
}  // namespace kp::messaging

// The outbox end to end: queued inside the caller's transaction, sent through a local SMTP
// sink or an SMS test double, retried, failed, purged, and counted on /admin/outbox.
#include <gtest/gtest.h>

#include "app/app_client.hpp"
#include "messaging/outbox.hpp"
#include "messaging/outbox_store.hpp"
#include "messaging/sender.hpp"
#include "messaging/smtp_sink.hpp"

namespace kp::messaging {
namespace {

constexpr const char* kMunicipality = "9999";

OutboxMessage email_to(std::string recipient, std::string body = "Hei!\nDere har fått plass.\n") {
  OutboxMessage m;
  m.municipality_id = kMunicipality;
  m.channel = Channel::email;
  m.recipient = std::move(recipient);
  m.language = "nb";
  m.subject = "Tilbud om plass";
  m.body = std::move(body);
  m.kind = kinds::offer;
  m.related_id = "signup-1";
  return m;
}

OutboxMessage sms_to(std::string number) {
  OutboxMessage m;
  m.municipality_id = kMunicipality;
  m.channel = Channel::sms;
  m.recipient = std::move(number);
  m.language = "ar";
  m.body = "تم تسجيل طفلك";
  m.kind = kinds::receipt;
  return m;
}

class RecordingSms final : public SmsGateway {
 public:
  std::vector<std::pair<std::string, std::string>> sent;
  Status answer;
  Status send(const std::string& number, const std::string& text) override {
    if (!answer) return answer;
    sent.emplace_back(number, text);
    return {};
  }
};

struct Row {
  std::string status, recipient, body, last_error;
  std::int64_t attempts = 0, next_attempt_at = 0;
};

class OutboxTest : public test::AppTest {
 protected:
  void SetUp() override {
    test::AppTest::SetUp();
    clock_.set(1790000000);
  }

  std::string enqueue_ok(const OutboxMessage& m) {
    std::string id;
    Status st = app_->db->with_write([&](store::Conn& c) -> Status {
      auto r = enqueue(c, clock_, m);
      if (!r) return pass(r);
      id = *r;
      return {};
    });
    EXPECT_TRUE(st) << (st ? "" : st.error().message + " / " + st.error().detail);
    return id;
  }

  Row row(const std::string& id) {
    Row out;
    Status st = app_->db->with_read([&](store::Conn& c) -> Status {
      auto r = c.query_one("SELECT status, recipient, body, last_error, attempts, next_attempt_at FROM outbox "
                           "WHERE municipality_id = $1 AND id = $2",
                           {std::string(kMunicipality), id});
      if (!r) return pass(r);
      if (*r) out = {(*r)->text(0), (*r)->text(1), (*r)->text(2), (*r)->text(3), (*r)->integer(4), (*r)->integer(5)};
      return {};
    });
    EXPECT_TRUE(st);
    return out;
  }

  SendOptions options() {
    SendOptions o;
    o.from = "knutepunkt@fjordvik.kommune.no";
    return o;
  }
  static SmtpConfig config_for(const test::SmtpSink& sink) {
    SmtpConfig c;
    c.host = "127.0.0.1";
    c.port = sink.port();
    c.timeout_seconds = 10;
    return c;
  }
};

TEST_F(OutboxTest, MessageIsQueuedOnlyWhenTheCallersChangeCommits) {
  Status st = app_->db->with_write([&](store::Conn& c) -> Status {
    auto r = enqueue(c, clock_, email_to("forelder@example.org"));
    if (!r) return pass(r);
    return invalid("the caller's change failed");
  });
  EXPECT_FALSE(st);
  auto counts = count_outbox(*app_->db, kMunicipality);
  ASSERT_TRUE(counts);
  EXPECT_TRUE(counts->empty());
  const std::string id = enqueue_ok(email_to("forelder@example.org"));
  EXPECT_EQ(row(id).status, "queued");
}

TEST_F(OutboxTest, BadAddressesAndHeaderInjectionAreRefusedAtTheDoor) {
  for (const std::string bad : {"", "no-at-sign", "a@b.no\r\nBcc: x@y.no", "<a@b.no>", "a b@c.no", "a@b.no, c@d.no"}) {
    Status st = app_->db->with_write([&](store::Conn& c) -> Status {
      auto r = enqueue(c, clock_, email_to(bad));
      if (!r) return pass(r);
      return {};
    });
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().field, "recipient") << bad;
  }
  auto m = email_to("forelder@example.org");
  m.subject = "Hei\nBcc: x@y.no";
  Status st = app_->db->with_write([&](store::Conn& c) -> Status {
    auto r = enqueue(c, clock_, m);
    if (!r) return pass(r);
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "subject");
}

TEST_F(OutboxTest, SmsNumbersAreStoredNormalised) {
  const std::string id = enqueue_ok(sms_to("412 34 567"));
  EXPECT_EQ(row(id).recipient, "+4741234567");
}

TEST_F(OutboxTest, QueuedEmailReachesTheRelayAndIsMarkedSent) {
  test::SmtpSink sink;
  const std::string id = enqueue_ok(email_to("forelder@example.org", "Hei!\nمرحبا\n.\nHilsen Fjordvik kommune\n"));
  SmtpTransport smtp(config_for(sink));
  auto rep = send_due(*app_->db, clock_, &smtp, nullptr, options());
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->sent, 1);
  EXPECT_EQ(row(id).status, "sent");
  const auto msgs = sink.messages();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_NE(msgs[0].content.find("Message-ID: <" + id + "@fjordvik.kommune.no>"), std::string::npos);
  EXPECT_NE(msgs[0].content.find("\r\n\r\nHei!\r\nمرحبا\r\n.\r\nHilsen Fjordvik kommune\r\n"), std::string::npos);
  // Sent once only.
  rep = send_due(*app_->db, clock_, &smtp, nullptr, options());
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->sent, 0);
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST_F(OutboxTest, RefusedRecipientFailsAtOnceAndTheErrorHoldsNoAddress) {
  test::SmtpSink sink;
  sink.rcpt_reply = "550 5.1.1 <forelder@example.org> unknown";
  const std::string id = enqueue_ok(email_to("forelder@example.org"));
  SmtpTransport smtp(config_for(sink));
  auto rep = send_due(*app_->db, clock_, &smtp, nullptr, options());
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->failed, 1);
  const Row r = row(id);
  EXPECT_EQ(r.status, "failed");
  EXPECT_EQ(r.last_error, "smtp 550 at RCPT");
}

TEST_F(OutboxTest, TemporaryFailuresAreRetriedWithGrowingPausesThenGivenUp) {
  test::SmtpSink sink;
  sink.data_end_reply = "451 4.3.0 try later";
  const std::string id = enqueue_ok(email_to("forelder@example.org"));
  SmtpTransport smtp(config_for(sink));
  ASSERT_TRUE(send_due(*app_->db, clock_, &smtp, nullptr, options()));
  Row r = row(id);
  EXPECT_EQ(r.status, "queued");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.next_attempt_at, clock_.now() + 60);
  EXPECT_EQ(r.last_error, "smtp 451 at end of DATA");
  // Not due yet: nothing is tried.
  ASSERT_TRUE(send_due(*app_->db, clock_, &smtp, nullptr, options()));
  EXPECT_EQ(row(id).attempts, 1);
  clock_.advance(60);
  ASSERT_TRUE(send_due(*app_->db, clock_, &smtp, nullptr, options()));
  r = row(id);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.next_attempt_at, clock_.now() + 120);
  for (int i = 2; i < kMaxAttempts; ++i) {
    clock_.advance(6 * 3600);
    ASSERT_TRUE(send_due(*app_->db, clock_, &smtp, nullptr, options()));
  }
  r = row(id);
  EXPECT_EQ(r.attempts, kMaxAttempts);
  EXPECT_EQ(r.status, "failed");
}

TEST_F(OutboxTest, WhenTheRelayIsDownTheWholeBatchWaitsWithoutUsingUpAttempts) {
  int port = 0;
  {
    test::SmtpSink gone;
    port = gone.port();
  }
  const std::string a = enqueue_ok(email_to("en@example.org"));
  const std::string b = enqueue_ok(email_to("to@example.org"));
  SmtpConfig c;
  c.host = "127.0.0.1";
  c.port = port;
  c.timeout_seconds = 5;
  SmtpTransport smtp(c);
  auto rep = send_due(*app_->db, clock_, &smtp, nullptr, options());
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->retried, 1);
  const Row ra = row(a), rb = row(b);
  EXPECT_EQ(ra.attempts + rb.attempts, 1);
  EXPECT_EQ(ra.next_attempt_at, clock_.now() + 60);
  EXPECT_EQ(rb.next_attempt_at, clock_.now() + 60);
  EXPECT_EQ(ra.status, "queued");
  EXPECT_EQ(rb.status, "queued");
  // Back up: both go out.
  test::SmtpSink sink;
  clock_.advance(60);
  SmtpTransport up(config_for(sink));
  rep = send_due(*app_->db, clock_, &up, nullptr, options());
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->sent, 2);
  EXPECT_EQ(sink.messages().size(), 2u);
}

TEST_F(OutboxTest, WithoutAnSmtpServerEmailsStayQueued) {
  const std::string id = enqueue_ok(email_to("forelder@example.org"));
  auto outcomes = app_->jobs.run_all(*app_);  // settings.smtp_host is empty
  for (const auto& o : outcomes) EXPECT_TRUE(o.ok) << o.name << ": " << o.error;
  const Row r = row(id);
  EXPECT_EQ(r.status, "queued");
  EXPECT_EQ(r.attempts, 0);
}

TEST_F(OutboxTest, SmsGoesToTheGatewayAndEmailDoesNot) {
  RecordingSms gateway;
  const std::string sms_id = enqueue_ok(sms_to("+47 912 34 567"));
  const std::string mail_id = enqueue_ok(email_to("forelder@example.org"));
  auto rep = send_due(*app_->db, clock_, nullptr, &gateway, options());
  ASSERT_TRUE(rep);
  ASSERT_EQ(gateway.sent.size(), 1u);
  EXPECT_EQ(gateway.sent[0].first, "+4791234567");
  EXPECT_EQ(gateway.sent[0].second, "تم تسجيل طفلك");
  EXPECT_EQ(row(sms_id).status, "sent");
  EXPECT_EQ(row(mail_id).status, "queued");
}

TEST_F(OutboxTest, GatewayRefusingANumberFailsItAndAnOutageRetries) {
  RecordingSms gateway;
  gateway.answer = invalid("number not reachable");
  const std::string a = enqueue_ok(sms_to("41234567"));
  ASSERT_TRUE(send_due(*app_->db, clock_, nullptr, &gateway, options()));
  EXPECT_EQ(row(a).status, "failed");
  gateway.answer = fail(ErrorKind::unavailable, "gateway down");
  const std::string b = enqueue_ok(sms_to("41234568"));
  ASSERT_TRUE(send_due(*app_->db, clock_, nullptr, &gateway, options()));
  EXPECT_EQ(row(b).status, "queued");
  EXPECT_EQ(row(b).attempts, 1);
}

TEST_F(OutboxTest, SmsSettingNoneKeepsSmsQueued) {
  EXPECT_EQ(app_->settings.sms_gateway, "none");
  const std::string id = enqueue_ok(sms_to("41234567"));
  for (const auto& o : app_->jobs.run_all(*app_)) EXPECT_TRUE(o.ok) << o.name;
  EXPECT_EQ(row(id).status, "queued");
  EXPECT_EQ(row(id).attempts, 0);
}

TEST_F(OutboxTest, ContentsOfSentMessagesAreDeletedAfterThirtyDays) {
  test::SmtpSink sink;
  const std::string id = enqueue_ok(email_to("forelder@example.org"));
  const std::string waiting = enqueue_ok(sms_to("41234567"));
  SmtpTransport smtp(config_for(sink));
  ASSERT_TRUE(send_due(*app_->db, clock_, &smtp, nullptr, options()));
  clock_.advance(29 * 86400);
  ASSERT_TRUE(purge_old(*app_->db, clock_));
  EXPECT_EQ(row(id).body, "Hei!\nDere har fått plass.\n");
  clock_.advance(2 * 86400);
  auto n = purge_old(*app_->db, clock_);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  const Row r = row(id);
  EXPECT_EQ(r.status, "sent");
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.recipient, "");
  EXPECT_EQ(row(waiting).recipient, "+4741234567");  // not sent yet: kept
}

TEST_F(OutboxTest, AdminSeesCountsButNoContents) {
  enqueue_ok(email_to("forelder@example.org", "Hemmelig innhold"));
  enqueue_ok(sms_to("41234567"));
  login("admin");
  auto page = get("/admin/outbox");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(kinds::offer), std::string::npos);
  EXPECT_NE(page.body.find(kinds::receipt), std::string::npos);
  EXPECT_EQ(page.body.find("forelder@example.org"), std::string::npos);
  EXPECT_EQ(page.body.find("Hemmelig"), std::string::npos);
  EXPECT_EQ(page.body.find("41234567"), std::string::npos);
}

TEST_F(OutboxTest, CoordinatorCannotSeeTheOutboxPage) {
  login("koordinator");
  EXPECT_EQ(get("/admin/outbox").status, 403);
}

}  // namespace
}  // namespace kp::messaging

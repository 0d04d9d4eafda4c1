// The job runner: registered jobs run, a failing job does not stop the others, intervals are
// kept, and the outbox job sends through SMTP when smtp_host is set.
#include "app/jobs.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "app/app_client.hpp"
#include "messaging/outbox.hpp"
#include "messaging/smtp_sink.hpp"

namespace kp::app {
namespace {

class JobsTest : public test::AppTest {};

TEST_F(JobsTest, TheOutboxJobsAreRegisteredAtStartUp) {
  const auto names = app_->jobs.names();
  EXPECT_NE(std::find(names.begin(), names.end(), "outbox.send"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "outbox.purge"), names.end());
}

TEST_F(JobsTest, AFailingJobDoesNotStopTheOthers) {
  Jobs jobs;
  int first = 0, last = 0;
  jobs.add("first", 60, [&](App&) -> Status { ++first; return {}; });
  jobs.add("fails", 60, [](App&) -> Status { return internal_error("broken on purpose"); });
  jobs.add("throws", 60, [](App&) -> Status { throw std::runtime_error("bug"); });
  jobs.add("last", 60, [&](App&) -> Status { ++last; return {}; });
  const auto out = jobs.run_all(*app_);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_TRUE(out[0].ok);
  EXPECT_FALSE(out[1].ok);
  EXPECT_NE(out[1].error.find("broken on purpose"), std::string::npos);
  EXPECT_FALSE(out[2].ok);
  EXPECT_TRUE(out[3].ok);
  EXPECT_EQ(first, 1);
  EXPECT_EQ(last, 1);
}

TEST_F(JobsTest, DueJobsRunWhenTheirIntervalHasPassed) {
  Jobs jobs;
  int often = 0, hourly = 0;
  jobs.add("often", 30, [&](App&) -> Status { ++often; return {}; });
  jobs.add("hourly", 3600, [&](App&) -> Status { ++hourly; return {}; });
  const std::int64_t t = 1790000000;
  jobs.run_due(*app_, t);  // everything runs once at start
  EXPECT_EQ(often, 1);
  EXPECT_EQ(hourly, 1);
  jobs.run_due(*app_, t + 10);
  EXPECT_EQ(often, 1);
  jobs.run_due(*app_, t + 30);
  EXPECT_EQ(often, 2);
  EXPECT_EQ(hourly, 1);
  jobs.run_due(*app_, t + 3600);
  EXPECT_EQ(often, 3);
  EXPECT_EQ(hourly, 2);
}

TEST_F(JobsTest, AddingANameAgainReplacesTheJob) {
  Jobs jobs;
  int a = 0, b = 0;
  jobs.add("x", 60, [&](App&) -> Status { ++a; return {}; });
  jobs.add("x", 60, [&](App&) -> Status { ++b; return {}; });
  jobs.run_all(*app_);
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
  EXPECT_EQ(jobs.names().size(), 1u);
}

TEST_F(JobsTest, RunnerThreadRunsJobsAndStopsCleanly) {
  std::mutex mu;
  std::condition_variable cv;
  int runs = 0;
  app_->jobs.add("test.signal", 1, [&](App&) -> Status {
    std::lock_guard l(mu);
    ++runs;
    cv.notify_all();
    return {};
  });
  JobRunner runner(*app_, 3600);
  runner.start();
  {
    std::unique_lock l(mu);
    ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(60), [&] { return runs > 0; }));
  }
  runner.stop();  // wakes the sleeping thread at once instead of after an hour
  std::lock_guard l(mu);
  EXPECT_EQ(runs, 1);
}

TEST_F(JobsTest, JobsRunSendsTheOutboxThroughTheConfiguredServer) {
  test::SmtpSink sink;
  app_->settings.smtp_host = "127.0.0.1";
  app_->settings.smtp_port = sink.port();
  app_->settings.smtp_from = "knutepunkt@fjordvik.kommune.no";
  messaging::OutboxMessage m;
  m.municipality_id = "9999";
  m.recipient = "forelder@example.org";
  m.language = "nb";
  m.subject = "Påminnelse: aktiviteten er i morgen";
  m.body = "Husk matpakke og gode sko.";
  m.kind = messaging::kinds::reminder;
  ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) -> Status {
    auto r = messaging::enqueue(c, clock_, m);
    if (!r) return pass(r);
    return {};
  }));
  for (const auto& o : app_->jobs.run_all(*app_)) EXPECT_TRUE(o.ok) << o.name << ": " << o.error;
  const auto msgs = sink.messages();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].rcpt_to, "RCPT TO:<forelder@example.org>");
  EXPECT_NE(msgs[0].content.find("Husk matpakke og gode sko."), std::string::npos);
  const auto cmds = sink.commands();
  EXPECT_EQ(cmds.front(), "EHLO [127.0.0.1]");
}

}  // namespace
}  // namespace kp::app

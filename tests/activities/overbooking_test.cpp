// No overbooking, ever: 2,000 sign-ups arriving at once compete for 15 places. Two Enrollers
// (on PostgreSQL each with its own connection pool, like two server processes) take them from
// 64 threads. Exactly 15 children get a place, everyone else is on the waiting list in arrival
// order with distinct queue numbers, no sign-up fails and none is lost.
#include <atomic>
#include <set>
#include <thread>

#include "fixture.hpp"

namespace kp::test {
namespace {

using activities::ParticipantStatus;

class Overbooking : public ActivityTest {};

TEST_F(Overbooking, TwoThousandConcurrentSignUpsFillExactlyFifteenPlaces) {
  const auto a = make_activity(15);
  std::unique_ptr<store::Database> second_db;
  if (is_postgres()) second_db = open();
  activities::Enroller first(*db_, clock_);
  activities::Enroller second(second_db ? *second_db : *db_, clock_);

  constexpr int kThreads = 64, kTotal = 2000;
  std::atomic<int> next{0}, failures{0};
  std::vector<std::vector<activities::EnrolOutcome>> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      activities::Enroller& e = t % 2 ? second : first;
      for (int i = next++; i < kTotal; i = next++) {
        auto in = signup(a, "Foresatt " + std::to_string(i), {"Barn " + std::to_string(i)});
        auto r = e.enrol(in, "192.0.2.1");
        if (!r) {
          ++failures;
          ADD_FAILURE() << r.error().message << " " << r.error().detail;
          continue;
        }
        outcomes[t].push_back(std::move(*r));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);

  // What the callers were told agrees with what was stored.
  std::map<std::string, ParticipantStatus> told;
  for (const auto& list : outcomes)
    for (const auto& o : list) {
      ASSERT_EQ(o.children.size(), 1u);
      told[o.children[0].id] = o.children[0].status;
    }
  EXPECT_EQ(told.size(), static_cast<size_t>(kTotal));

  const auto all = participants(a);  // by queue number
  ASSERT_EQ(all.size(), static_cast<size_t>(kTotal)) << "a sign-up was lost";
  std::set<std::int64_t> queue;
  int confirmed = 0, waiting = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& p = all[i];
    queue.insert(p.queue_no);
    EXPECT_EQ(p.queue_no, static_cast<std::int64_t>(i + 1)) << "queue numbers have a gap";
    EXPECT_EQ(told[p.id], p.status);
    if (p.status == ParticipantStatus::confirmed) {
      ++confirmed;
      EXPECT_LE(p.queue_no, 15) << "a later arrival got a place before an earlier one";
    } else {
      EXPECT_EQ(p.status, ParticipantStatus::waiting);
      ++waiting;
    }
  }
  EXPECT_EQ(confirmed, 15);
  EXPECT_EQ(waiting, kTotal - 15);
  EXPECT_EQ(queue.size(), static_cast<size_t>(kTotal));

  auto counts = db_->read([&](store::Conn& c) { return activities::place_counts(c, municipality_, a); });
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->public_taken, 15);
  EXPECT_EQ(counts->public_left(), 0);
  EXPECT_EQ(counts->waiting, kTotal - 15);
  // Sign-ups were group-committed: far fewer transactions than sign-ups.
  EXPECT_LT(first.batches() + second.batches(), kTotal);
  EXPECT_EQ(first.signups() + second.signups(), kTotal);
}

TEST_F(Overbooking, SiblingsAndManyActivitiesAtOnceNeverExceedAnyActivitysPlaces) {
  std::vector<activities::Activity> acts;
  for (int i = 0; i < 20; ++i) acts.push_back(make_activity(3 + i % 4, i % 2));
  constexpr int kThreads = 32, kTotal = 400;
  activities::Enroller& e = enroller();
  std::atomic<int> next{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = next++; i < kTotal; i = next++) {
        const auto& a = acts[static_cast<size_t>(i) % acts.size()];
        auto r = e.enrol(signup(a, "Foresatt", {"Eldste " + std::to_string(i), "Yngste " + std::to_string(i)}),
                                  "192.0.2.2");
        if (!r) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  for (const auto& a : acts) {
    const auto confirmed = with_status(a, ParticipantStatus::confirmed).size();
    EXPECT_EQ(static_cast<std::int64_t>(confirmed), a.capacity - a.reserved_places) << a.title;
    EXPECT_EQ(participants(a).size(), static_cast<size_t>(kTotal / acts.size() * 2));
  }
}

}  // namespace
}  // namespace kp::test

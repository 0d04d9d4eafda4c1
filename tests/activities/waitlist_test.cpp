// The waiting list: a cancelled place is offered to the first waiting child and held for
// offer_hold_hours; an offer that runs out or is declined moves on to the next.
#include "activities/waitlist.hpp"
#include "app/settings.hpp"
#include "fixture.hpp"

namespace kp::test {
namespace {

using activities::ParticipantStatus;

class WaitingList : public ActivityTest {
 protected:
  // Two places: A and B get them, C and D wait.
  void fill() {
    act_ = make_activity(2);
    a_ = *enroller().enrol(signup(act_, "Anne", {"Anna"}), "");
    b_ = *enroller().enrol(signup(act_, "Bjørn", {"Berit"}), "");
    c_ = *enroller().enrol(signup(act_, "Cecilie", {"Cato"}), "");
    d_ = *enroller().enrol(signup(act_, "Dag", {"Dina"}), "");
  }
  ParticipantStatus status_of(const activities::EnrolOutcome& o) {
    auto p = db_->read([&](store::Conn& c) { return activities::get_participant(c, municipality_, o.children[0].id); });
    EXPECT_TRUE(p && *p);
    return (p && *p) ? (*p)->status : ParticipantStatus::cancelled;
  }
  Status cancel(const activities::EnrolOutcome& o) {
    return activities::cancel_participant(*db_, clock_, {}, settings_.offer_hold_hours, municipality_,
                                          o.children[0].id, "public", "");
  }
  Status answer(const activities::EnrolOutcome& o, bool accept) {
    return activities::answer_offer(*db_, clock_, {}, settings_.offer_hold_hours, municipality_, o.children[0].id,
                                    accept, "public", "");
  }

  app::Settings settings_;
  activities::Activity act_;
  activities::EnrolOutcome a_, b_, c_, d_;
};

TEST_F(WaitingList, ACancelledPlaceIsOfferedToTheFirstWaitingAndHeldUntilAccepted) {
  fill();
  ASSERT_TRUE(cancel(a_));
  EXPECT_EQ(status_of(a_), ParticipantStatus::cancelled);
  EXPECT_EQ(status_of(c_), ParticipantStatus::offered);
  EXPECT_EQ(status_of(d_), ParticipantStatus::waiting);
  auto offered = with_status(act_, ParticipantStatus::offered);
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(offered[0].offer_expires_at.value_or(0), clock_.now() + 48 * 3600);

  // A new sign-up does not jump the queue while the place is held.
  auto e = enroller().enrol(signup(act_, "Eva", {"Emil"}), "");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->children[0].status, ParticipantStatus::waiting);

  clock_.advance(47 * 3600);
  ASSERT_TRUE(answer(c_, true));
  EXPECT_EQ(status_of(c_), ParticipantStatus::confirmed);
  EXPECT_EQ(with_status(act_, ParticipantStatus::confirmed).size(), 2u);
  EXPECT_EQ(status_of(d_), ParticipantStatus::waiting);
}

TEST_F(WaitingList, AnOfferThatRunsOutMovesOnToTheNextAutomatically) {
  fill();
  ASSERT_TRUE(cancel(b_));
  ASSERT_EQ(status_of(c_), ParticipantStatus::offered);
  clock_.advance(47 * 3600);
  auto none = activities::advance_waiting_lists(*db_, clock_, settings_, {});
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);  // still held
  clock_.advance(2 * 3600);
  auto moved = activities::advance_waiting_lists(*db_, clock_, settings_, {});
  ASSERT_TRUE(moved);
  EXPECT_EQ(*moved, 1);
  EXPECT_EQ(status_of(c_), ParticipantStatus::declined);
  EXPECT_EQ(status_of(d_), ParticipantStatus::offered);
  // Too late to accept the old offer.
  auto late = answer(c_, true);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, ErrorKind::conflict);
}

TEST_F(WaitingList, AcceptingAfterTheHoldRanOutFailsAndPassesThePlaceOn) {
  fill();
  ASSERT_TRUE(cancel(a_));
  clock_.advance(49 * 3600);
  auto r = answer(c_, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_EQ(status_of(c_), ParticipantStatus::declined);
  EXPECT_EQ(status_of(d_), ParticipantStatus::offered);
}

TEST_F(WaitingList, DecliningGivesThePlaceToTheNextAtOnce) {
  fill();
  ASSERT_TRUE(cancel(a_));
  ASSERT_TRUE(answer(c_, false));
  EXPECT_EQ(status_of(c_), ParticipantStatus::declined);
  EXPECT_EQ(status_of(d_), ParticipantStatus::offered);
  ASSERT_TRUE(answer(d_, true));
  EXPECT_EQ(with_status(act_, ParticipantStatus::confirmed).size(), 2u);
}

TEST_F(WaitingList, CancellingFromTheWaitingListOffersNothing) {
  fill();
  ASSERT_TRUE(cancel(c_));
  EXPECT_EQ(status_of(d_), ParticipantStatus::waiting);
  ASSERT_TRUE(cancel(c_));  // twice is harmless
}

TEST_F(WaitingList, AFreedReservedPlaceStaysReserved) {
  act_ = make_activity(2, 1);
  activities::ReservedBooking b;
  b.municipality_id = municipality_;
  b.activity_id = act_.id;
  b.booked_by = staff_id_;
  b.guardian_name = "Lina Berg";
  b.phone = "41234567";
  b.child = {"Jonas Berg", 2014, ""};
  auto booked = activities::book_reserved_place(*db_, clock_, {}, b, "");
  ASSERT_TRUE(booked);
  a_ = *enroller().enrol(signup(act_, "Anne", {"Anna"}), "");
  c_ = *enroller().enrol(signup(act_, "Cecilie", {"Cato"}), "");
  ASSERT_EQ(status_of(c_), ParticipantStatus::waiting);
  ASSERT_TRUE(cancel(*booked));
  EXPECT_EQ(status_of(c_), ParticipantStatus::waiting);
}

TEST_F(WaitingList, QueuesCloseWhenTheActivityStarts) {
  fill();
  clock_.set(1795000000 + 31 * 86400);
  ASSERT_TRUE(activities::advance_waiting_lists(*db_, clock_, settings_, {}));
  EXPECT_EQ(status_of(c_), ParticipantStatus::not_placed);
  EXPECT_EQ(status_of(a_), ParticipantStatus::confirmed);
}

}  // namespace
}  // namespace kp::test

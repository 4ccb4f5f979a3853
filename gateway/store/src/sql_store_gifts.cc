// Creators and the gifts sent to them (gifts.h): a gift spends the sender's
// coin lots and credits the creator's diamonds in one transaction with its
// journal (sql_store_journal.cc).
#include "gateway/store/ids.h"
#include "rows.h"
#include "sql_store.h"
#include "sql_store_journal.h"

namespace mg::store {
namespace {

Status ValidateCreator(const Creator& c) {
  MG_RETURN_IF_ERROR(Require(!c.id.empty(), "creator id is empty", "id"));
  MG_RETURN_IF_ERROR(Require(!c.market.empty(), "market is empty", "market"));
  MG_RETURN_IF_ERROR(Require(c.age >= 0, "age must not be negative", "age"));
  MG_RETURN_IF_ERROR(Require(c.payout_method.empty() == c.payout_token.empty(),
                             "a payout method needs its token and a token its method", "payout"));
  return Require(!c.tax_identity_json.empty(), "tax identity is empty", "tax_identity");
}

Status ValidateGift(const GiftRecord& g) {
  MG_RETURN_IF_ERROR(
      Require(!g.market.empty() && !g.creator_market.empty(), "market is empty", "market"));
  MG_RETURN_IF_ERROR(Require(!g.sender_id.empty(), "sender is empty", "sender"));
  MG_RETURN_IF_ERROR(Require(!g.creator_id.empty(), "creator is empty", "creator"));
  MG_RETURN_IF_ERROR(
      Require(g.sender_id != g.creator_id, "a creator cannot gift themself", "creator"));
  MG_RETURN_IF_ERROR(Require(!g.gift.empty(), "gift is empty", "gift"));
  MG_RETURN_IF_ERROR(Require(g.quantity > 0, "quantity must be positive", "quantity"));
  MG_RETURN_IF_ERROR(Require(g.coins > 0, "coins must be positive", "coins"));
  return Require(g.diamonds >= 0, "diamonds must not be negative", "diamonds");
}

}  // namespace

Result<Creator> SqlStore::PutCreator(const Creator& creator) {
  MG_RETURN_IF_ERROR(ValidateCreator(creator));
  Creator stored = creator;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    stored = creator;
    MG_ASSIGN_OR_RETURN(
        std::optional<Creator> existing,
        QueryOptional(txn, Stmt::kCreatorLock, {creator.owner, creator.id}, &ReadCreator));
    if (!existing) {
      if (stored.updated_at_ms == 0) stored.updated_at_ms = stored.created_at_ms;
      return InsertCreator(txn, stored);
    }
    stored.created_at_ms = existing->created_at_ms;
    if (existing->market != creator.market) {
      int64_t diamonds = 0;
      MG_RETURN_IF_ERROR(txn.Query(Stmt::kBalanceGet,
                                   {CreatorAccount(creator.owner, creator.id), kDiamondUnit},
                                   [&](const SqlRow& row) {
                                     diamonds = row.Int(0);
                                     return Status::Ok();
                                   }));
      if (diamonds != 0) {
        return Status(ErrorCode::kFailedPrecondition,
                      "creator " + creator.id + " holds " + std::to_string(diamonds) +
                          " diamonds earned in " + existing->market +
                          "; they are paid out before the creator moves to another market",
                      "market");
      }
    }
    return txn
        .Exec(Stmt::kCreatorUpdate,
              {stored.market, int64_t{stored.age}, Name(stored.standing),
               TextOrNull(stored.payout_method), TextOrNull(stored.payout_token),
               stored.tax_identity_json, stored.updated_at_ms, stored.owner, stored.id})
        .status();
  }));
  return stored;
}

Result<Creator> SqlStore::GetCreator(std::string_view owner, std::string_view id) {
  Result<std::optional<Creator>> found = std::optional<Creator>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = QueryOptional(txn, Stmt::kCreatorGet, {owner, id}, &ReadCreator);
    return found.status();
  }));
  return Required(std::move(found), "creator", id);
}

Result<GiftRecord> SqlStore::SendGift(const GiftRecord& gift, const Effects& effects) {
  MG_RETURN_IF_ERROR(ValidateGift(gift));
  GiftRecord stored = gift;
  MG_ASSIGN_OR_RETURN(stored.id, IdOrNew(gift.id, kGiftIdPrefix));
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    // The creator as of this transaction, read without a row lock: during
    // a LIVE thousands of viewers gift one creator at once, and a lock here
    // would queue them all. A restriction committed while a gift is being
    // written lets that one gift through, as if it had arrived a moment
    // earlier; the next one is refused.
    MG_ASSIGN_OR_RETURN(Creator creator,
                        Required(QueryOptional(txn, Stmt::kCreatorGet,
                                               {stored.owner, stored.creator_id}, &ReadCreator),
                                 "creator", stored.creator_id));
    if (creator.standing != CreatorStanding::kGood) {
      return Status(ErrorCode::kFailedPrecondition,
                    "creator " + creator.id + " is " + std::string(Name(creator.standing)),
                    "creator");
    }
    Status inserted = InsertGift(txn, stored);
    if (inserted.code() == ErrorCode::kConflict) {
      return Status(ErrorCode::kConflict, "gift " + stored.id + " already exists");
    }
    MG_RETURN_IF_ERROR(inserted);
    MG_RETURN_IF_ERROR(PostGift(txn, stored));
    return ApplyEffects(txn, effects, stored.id, stored.created_at_ms);
  }));
  return stored;
}

Result<GiftRecord> SqlStore::GetGift(std::string_view id) {
  Result<std::optional<GiftRecord>> found = std::optional<GiftRecord>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = QueryOptional(txn, Stmt::kGiftGet, {id}, &ReadGift);
    return found.status();
  }));
  return Required(std::move(found), "gift", id);
}

Result<CreatorEarnings> SqlStore::GetCreatorEarnings(std::string_view owner,
                                                     std::string_view creator_id) {
  CreatorEarnings earnings;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) -> Status {
    earnings = CreatorEarnings();
    MG_RETURN_IF_ERROR(txn.Query(Stmt::kBalanceGet,
                                 {CreatorAccount(owner, creator_id), kDiamondUnit},
                                 [&](const SqlRow& row) {
                                   earnings.balance = row.Int(0);
                                   return Status::Ok();
                                 }));
    MG_RETURN_IF_ERROR(
        txn.Query(Stmt::kCreatorGiftTotals, {owner, creator_id}, [&](const SqlRow& row) {
          earnings.gifts = row.Int(0);
          earnings.earned = row.Int(1);
          return Status::Ok();
        }));
    MG_RETURN_IF_ERROR(
        txn.Query(Stmt::kCreatorPayoutTotals, {owner, creator_id}, [&](const SqlRow& row) {
          earnings.pending = row.Int(0);
          earnings.paid = row.Int(1);
          return Status::Ok();
        }));
    return txn.Query(Stmt::kCreatorDiamondsClawedBack, {CreatorAccount(owner, creator_id)},
                     [&](const SqlRow& row) {
                       earnings.clawed_back = row.Int(0);
                       return Status::Ok();
                     });
  }));
  return earnings;
}

}  // namespace mg::store

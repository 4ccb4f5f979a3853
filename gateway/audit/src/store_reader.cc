#include "gateway/audit/store_reader.h"

#include <algorithm>
#include <map>

#include "gateway/providers/json_fields.h"

namespace mg::audit {
namespace {

constexpr int kPage = 500;

Result<std::vector<store::Purchase>> PurchasesCreated(store::Store& store,
                                                      store::UnixMillis from_ms,
                                                      store::UnixMillis to_ms) {
  std::vector<store::Purchase> all;
  store::PageAfter after;
  while (true) {
    MG_ASSIGN_OR_RETURN(std::vector<store::Purchase> page,
                        store.ListPurchasesCreated(from_ms, to_ms, after, kPage));
    if (page.empty()) return all;
    after = {page.back().created_at_ms, page.back().id};
    for (store::Purchase& p : page) all.push_back(std::move(p));
  }
}

// purchase id -> purchase.succeeded events emitted since `from_ms`.
Result<std::map<std::string, int>> CoinCredits(store::Store& store, store::UnixMillis from_ms) {
  std::map<std::string, int> credits;
  store::PageAfter after;
  while (true) {
    MG_ASSIGN_OR_RETURN(std::vector<store::OutboxEvent> page,
                        store.ListEventsOfType("purchase.succeeded", from_ms, after, kPage));
    if (page.empty()) return credits;
    after = {page.back().created_at_ms, page.back().id};
    for (const store::OutboxEvent& event : page) {
      std::optional<boost::json::value> payload = providers::json_fields::Parse(event.payload_json);
      const boost::json::object* obj =
          providers::json_fields::Object(payload ? &*payload : nullptr);
      if (obj == nullptr) {
        return Status(ErrorCode::kInternal, "event " + event.id + " has no JSON payload");
      }
      ++credits[providers::json_fields::String(*obj, "id")];
    }
  }
}

}  // namespace

Result<std::vector<StoredPurchase>> ReadStoredPurchases(store::Store& store,
                                                        store::UnixMillis from_ms,
                                                        store::UnixMillis to_ms,
                                                        const std::set<std::string>& also_ids) {
  MG_ASSIGN_OR_RETURN(std::vector<store::Purchase> purchases,
                      PurchasesCreated(store, from_ms, to_ms));
  std::set<std::string> have;
  for (const store::Purchase& p : purchases) have.insert(p.id);
  for (const std::string& id : also_ids) {
    if (have.count(id) > 0) continue;
    Result<store::Purchase> found = store.GetPurchase(id);
    if (found.status().code() == ErrorCode::kNotFound) continue;
    MG_RETURN_IF_ERROR(found.status());
    have.insert(id);
    purchases.push_back(std::move(found).value());
  }
  store::UnixMillis since = from_ms;
  for (const store::Purchase& p : purchases) since = std::min(since, p.created_at_ms);
  using Credits = std::map<std::string, int>;
  MG_ASSIGN_OR_RETURN(const Credits credits, CoinCredits(store, since));

  std::vector<StoredPurchase> out;
  out.reserve(purchases.size());
  for (store::Purchase& p : purchases) {
    StoredPurchase stored;
    MG_ASSIGN_OR_RETURN(stored.refunds, store.ListRefunds(p.id));
    MG_ASSIGN_OR_RETURN(stored.journals, store.ListJournals(p.id));
    for (const store::Refund& refund : stored.refunds) {
      MG_ASSIGN_OR_RETURN(std::vector<store::Journal> journals, store.ListJournals(refund.id));
      stored.journals.insert(stored.journals.end(), journals.begin(), journals.end());
    }
    auto credit = credits.find(p.id);
    stored.coin_credits = credit == credits.end() ? 0 : credit->second;
    stored.purchase = std::move(p);
    out.push_back(std::move(stored));
  }
  return out;
}

}  // namespace mg::audit

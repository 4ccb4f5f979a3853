#include "attention_page.h"

#include <algorithm>
#include <limits>

#include "html.h"

namespace mg::console {
namespace {

constexpr int kAttentionLimit = 100;

// "12 min" ago, in the operator's numbers.
std::string Age(const OperatorFormat& format, int64_t now_ms, store::UnixMillis since_ms) {
  return format.Count(std::max<int64_t>(0, now_ms - since_ms) / 60000) + " min";
}

// When reconciliation looks again: "due" or "in 4 min".
std::string NextCheck(const OperatorFormat& format, int64_t now_ms, store::UnixMillis at_ms) {
  if (at_ms <= now_ms) return "due";
  return "in " + format.Count((at_ms - now_ms + 59999) / 60000) + " min";
}

Result<std::string> EscalatedSection(store::Store& store, int64_t now_ms,
                                     const OperatorFormat& format) {
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      store.ListAttemptsNeedingAttention(kAttentionLimit));
  MG_ASSIGN_OR_RETURN(std::vector<store::PayoutRecord> payouts,
                      store.ListPayoutsNeedingAttention(kAttentionLimit));
  std::string rows;
  for (const store::ProviderAttempt& a : attempts) {
    rows += "<tr><td>provider call</td><td>" + RecordLink(a.purchase_id) + "</td><td>" +
            Escape(store::Name(a.operation)) + " by " + Escape(a.provider) + "</td><td>" +
            (a.needs_attention_since_ms ? UtcTime(*a.needs_attention_since_ms) : "") +
            "</td><td class=\"num\">" + Age(format, now_ms, a.started_at_ms) + "</td><td>" +
            format.Count(a.checks) + " " + Escape(a.last_check) + "</td></tr>";
  }
  for (const store::PayoutRecord& p : payouts) {
    rows += "<tr><td>payout</td><td>" + RecordLink(p.id) + "</td><td>" + Escape(p.method) + " by " +
            Escape(p.provider) + "</td><td>" + UtcTime(p.updated_at_ms) +
            "</td><td class=\"num\">" + Age(format, now_ms, p.created_at_ms) + "</td><td>" +
            format.Count(p.checks) + " " + Escape(p.failure_message) + "</td></tr>";
  }
  std::string html = "<h2>Escalated for a person</h2>";
  if (rows.empty()) return html + "<p>Nothing needs a person now.</p>";
  return html +
         "<p>Still unknown after every check: look each up at its provider. Reconciliation keeps "
         "checking them.</p><table class=\"attention\"><thead><tr><th>What</th><th>Record</th>"
         "<th>Call</th><th>Since</th><th>Age</th><th>Checks, last</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

// Open provider calls and payouts not escalated: reconciliation's queue,
// with what it found last and when it looks again.
Result<std::string> InDoubtSection(store::Store& store, int64_t now_ms,
                                   const OperatorFormat& format) {
  constexpr store::UnixMillis kAnyTime = std::numeric_limits<store::UnixMillis>::max();
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      store.ListOpenAttempts(now_ms, kAnyTime, kAttentionLimit));
  MG_ASSIGN_OR_RETURN(std::vector<store::PayoutRecord> payouts,
                      store.ListPayoutsDue(kAnyTime, kAnyTime, kAttentionLimit));
  std::string rows;
  for (const store::ProviderAttempt& a : attempts) {
    if (a.needs_attention_since_ms) continue;  // in the section above
    rows += "<tr><td>provider call</td><td>" + RecordLink(a.purchase_id) + "</td><td>" +
            Escape(store::Name(a.operation)) + " by " + Escape(a.provider) + "</td><td>" +
            Escape(store::Name(a.state)) + "</td><td class=\"num\">" +
            Age(format, now_ms, a.started_at_ms) + "</td><td class=\"num\">" +
            format.Count(a.checks) + "</td><td>" + Escape(a.last_check) + "</td><td>" +
            NextCheck(format, now_ms, a.next_check_at_ms) + "</td></tr>";
  }
  for (const store::PayoutRecord& p : payouts) {
    if (p.state != store::PayoutState::kProcessing) continue;
    rows += "<tr><td>payout</td><td>" + RecordLink(p.id) + "</td><td>" + Escape(p.method) + " by " +
            Escape(p.provider) + "</td><td>" + Escape(store::Name(p.state)) +
            "</td><td class=\"num\">" + Age(format, now_ms, p.created_at_ms) +
            "</td><td class=\"num\">" + format.Count(p.checks) + "</td><td>" +
            Escape(p.failure_message) + "</td><td>" +
            NextCheck(format, now_ms, p.next_check_at_ms) + "</td></tr>";
  }
  std::string html = "<h2>In doubt, being reconciled</h2>";
  if (rows.empty()) return html + "<p>Every provider call and payout has its final answer.</p>";
  return html +
         "<p>Sent, with no final answer yet (maybe charged or paid): reconciliation asks the "
         "provider again at the time shown, and escalates what stays unknown.</p>"
         "<table class=\"in-doubt\"><thead><tr><th>What</th><th>Record</th><th>Call</th>"
         "<th>State</th><th>Age</th><th>Checks</th><th>Last found</th><th>Next check</th>"
         "</tr></thead><tbody>" +
         rows + "</tbody></table>";
}

}  // namespace

Result<std::string> AttentionBody(store::Store& store, TimePoint now,
                                  const OperatorFormat& format) {
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  MG_ASSIGN_OR_RETURN(std::string escalated, EscalatedSection(store, now_ms, format));
  MG_ASSIGN_OR_RETURN(std::string in_doubt, InDoubtSection(store, now_ms, format));
  return escalated + in_doubt;
}

}  // namespace mg::console

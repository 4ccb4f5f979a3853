#include "gateway/audit/audit_report.h"

#include <boost/json.hpp>
#include <sstream>

namespace mg::audit {

std::string RenderText(const AuditReport& r) {
  std::ostringstream out;
  for (const Drift& d : r.findings.drift) {
    out << "drift " << d.kind << " purchase=" << (d.purchase_id.empty() ? "-" : d.purchase_id)
        << " provider=" << (d.provider.empty() ? "-" : d.provider)
        << " charge=" << (d.charge_id.empty() ? "-" : d.charge_id) << ": " << d.detail << "\n";
  }
  for (const auto& [provider, why] : r.unchecked) {
    out << "not checked: " << provider << ": " << why << "\n";
  }
  out << "audit " << r.from_ms << ".." << r.to_ms << " (unix ms): " << r.purchases << " purchases ("
      << r.findings.purchases_checked << " checked, " << r.findings.purchases_unchecked
      << " at providers not read), " << r.charges << " provider charges, "
      << r.findings.drift.size() << " drift\n";
  out << "ledger: " << r.ledger.journals << " journals, " << r.ledger.entries << " entries, "
      << r.ledger.accounts << " accounts, "
      << (r.ledger.consistent() ? "every journal balances, every balance equals its entries "
                                  "and every wallet its coin lots"
                                : "NOT consistent (see ledger_* drift)")
      << "\n";
  return out.str();
}

std::string RenderJson(const AuditReport& r) {
  boost::json::array drift;
  for (const Drift& d : r.findings.drift) {
    drift.push_back(boost::json::object{{"kind", d.kind},
                                        {"purchase", d.purchase_id},
                                        {"provider", d.provider},
                                        {"charge", d.charge_id},
                                        {"detail", d.detail}});
  }
  boost::json::array checked;
  for (const std::string& p : r.checked) checked.push_back(boost::json::value(p));
  boost::json::object unchecked;
  for (const auto& [provider, why] : r.unchecked) unchecked[provider] = why;
  return boost::json::serialize(boost::json::object{
             {"from", r.from_ms},
             {"to", r.to_ms},
             {"purchases", r.purchases},
             {"charges", r.charges},
             {"purchases_checked", r.findings.purchases_checked},
             {"purchases_unchecked", r.findings.purchases_unchecked},
             {"providers", boost::json::object{{"checked", std::move(checked)},
                                               {"unchecked", std::move(unchecked)}}},
             {"ledger", boost::json::object{{"journals", r.ledger.journals},
                                            {"entries", r.ledger.entries},
                                            {"accounts", r.ledger.accounts},
                                            {"consistent", r.ledger.consistent()}}},
             {"drift", std::move(drift)}}) +
         "\n";
}

}  // namespace mg::audit

#include "gateway/sandbox/fault_injector.h"

#include <boost/json.hpp>

namespace mg::sandbox {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxLog = 10000;

// SplitMix64: independent seeds for the three generators from one seed.
uint64_t Mix(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + stream * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A uniform double in [0, 1) from the top 53 bits: the same on every
// standard library (std::uniform_real_distribution is not specified to be).
double Uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

struct Field {
  const char* name;
  double* value;
};

Status ReadProbabilities(const json::value& group, const std::string& name,
                         std::initializer_list<Field> fields, FaultSettings& s) {
  if (!group.is_object()) return InvalidArgument(name + " must be an object", name);
  double sum = 0;
  // Named references, not a structured binding: clang 14 (the sanitizer
  // build's compiler) cannot capture a binding in the lambda below.
  for (const json::key_value_pair& member : group.get_object()) {
    const std::string_view key = member.key();
    const json::value& value = member.value();
    std::string path = name + "." + std::string(key);
    // The few integers that sit beside a group's probabilities.
    auto non_negative = [&](int64_t* out) {
      if (!value.is_int64() || value.get_int64() < 0) {
        return InvalidArgument(path + " must be a non-negative integer", path);
      }
      *out = value.get_int64();
      return Status::Ok();
    };
    if (name == "charge" && key == "slow_ms") {
      int64_t ms = 0;
      MG_RETURN_IF_ERROR(non_negative(&ms));
      s.slow_ms = ms;
      continue;
    }
    if (name == "webhooks" && key == "reorder_hold_ms") {
      MG_RETURN_IF_ERROR(non_negative(&s.reorder_hold_ms));
      continue;
    }
    if (name == "webhooks" && key == "delay_ms") {
      const json::array* range = value.if_array();
      if (range == nullptr || range->size() != 2 || !(*range)[0].is_int64() ||
          !(*range)[1].is_int64() || (*range)[0].get_int64() < 0 ||
          (*range)[0].get_int64() > (*range)[1].get_int64()) {
        return InvalidArgument("delay_ms must be [min, max] with 0 <= min <= max", path);
      }
      s.delay_min_ms = (*range)[0].get_int64();
      s.delay_max_ms = (*range)[1].get_int64();
      continue;
    }
    const Field* field = nullptr;
    for (const Field& f : fields) {
      if (key == f.name) field = &f;
    }
    if (field == nullptr) return InvalidArgument("unknown fault " + path, path);
    if (!value.is_number()) return InvalidArgument(path + " must be a number", path);
    double p = value.to_number<double>();
    if (!(p >= 0 && p <= 1)) return InvalidArgument(path + " must be within 0..1", path);
    *field->value = p;
    sum += p;
  }
  if (sum > 1 + 1e-9) {
    return InvalidArgument("the " + name + " probabilities are exclusive and must sum to <= 1",
                           name);
  }
  return Status::Ok();
}

json::object SettingsJson(const FaultSettings& s) {
  json::object o{
      {"seed", s.seed},
      {"charge", json::object{{"502_after_charge", s.charge_502},
                              {"drop_after_charge", s.charge_drop},
                              {"slow", s.charge_slow},
                              {"in_progress_409", s.charge_409}}},
      {"refund", json::object{{"502_after_refund", s.refund_502},
                              {"pending_then_failed", s.refund_failed},
                              {"pending_then_succeeded", s.refund_succeeded}}},
      {"webhooks", json::object{{"duplicate", s.webhook_duplicate},
                                {"reorder", s.webhook_reorder},
                                {"drop", s.webhook_drop},
                                {"delay_ms", json::array{s.delay_min_ms, s.delay_max_ms}},
                                {"reorder_hold_ms", s.reorder_hold_ms}}}};
  if (s.slow_ms) o["charge"].as_object()["slow_ms"] = *s.slow_ms;
  return o;
}

const char* Name(ChargeFault f) {
  switch (f) {
    case ChargeFault::kBadGateway:
      return "charge.502_after_charge";
    case ChargeFault::kDrop:
      return "charge.drop_after_charge";
    case ChargeFault::kSlow:
      return "charge.slow";
    case ChargeFault::kInProgress:
      return "charge.in_progress_409";
    case ChargeFault::kNone:
      break;
  }
  return "";
}

const char* Name(RefundFault f) {
  switch (f) {
    case RefundFault::kBadGateway:
      return "refund.502_after_refund";
    case RefundFault::kPendingThenFailed:
      return "refund.pending_then_failed";
    case RefundFault::kPendingThenSucceeded:
      return "refund.pending_then_succeeded";
    case RefundFault::kNone:
      break;
  }
  return "";
}

}  // namespace

Result<FaultSettings> ParseFaultSettings(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) return InvalidArgument("the body must be a JSON object", "body");
  FaultSettings s;
  for (const auto& [key, value] : doc.get_object()) {
    Status status = Status::Ok();
    if (key == "seed") {
      if (value.is_int64() && value.get_int64() >= 0) {
        s.seed = static_cast<uint64_t>(value.get_int64());
      } else if (value.is_uint64()) {
        s.seed = value.get_uint64();
      } else {
        return InvalidArgument("seed must be a non-negative integer", "seed");
      }
    } else if (key == "charge") {
      status = ReadProbabilities(value, "charge",
                                 {{"502_after_charge", &s.charge_502},
                                  {"drop_after_charge", &s.charge_drop},
                                  {"slow", &s.charge_slow},
                                  {"in_progress_409", &s.charge_409}},
                                 s);
    } else if (key == "refund") {
      status = ReadProbabilities(value, "refund",
                                 {{"502_after_refund", &s.refund_502},
                                  {"pending_then_failed", &s.refund_failed},
                                  {"pending_then_succeeded", &s.refund_succeeded}},
                                 s);
    } else if (key == "webhooks") {
      status = ReadProbabilities(value, "webhooks",
                                 {{"duplicate", &s.webhook_duplicate},
                                  {"reorder", &s.webhook_reorder},
                                  {"drop", &s.webhook_drop}},
                                 s);
    } else {
      return InvalidArgument("unknown field " + std::string(key), std::string(key));
    }
    if (!status.ok()) return status;
  }
  return s;
}

void FaultInjector::Set(FaultSettings settings) {
  std::lock_guard lock(mu_);
  settings_ = settings;
  enabled_ = true;
  charge_rng_.seed(Mix(settings.seed, 1));
  refund_rng_.seed(Mix(settings.seed, 2));
  webhook_rng_.seed(Mix(settings.seed, 3));
  counters_.clear();
  log_.clear();
  logged_ = 0;
}

void FaultInjector::Clear() {
  std::lock_guard lock(mu_);
  enabled_ = false;
  settings_ = FaultSettings{};
}

ChargeFault FaultInjector::DrawCharge() {
  std::lock_guard lock(mu_);
  if (!enabled_) return ChargeFault::kNone;
  double u = Uniform(charge_rng_);
  const FaultSettings& s = settings_;
  if ((u -= s.charge_502) < 0) return ChargeFault::kBadGateway;
  if ((u -= s.charge_drop) < 0) return ChargeFault::kDrop;
  if ((u -= s.charge_slow) < 0) return ChargeFault::kSlow;
  if ((u -= s.charge_409) < 0) return ChargeFault::kInProgress;
  return ChargeFault::kNone;
}

RefundFault FaultInjector::DrawRefund() {
  std::lock_guard lock(mu_);
  if (!enabled_) return RefundFault::kNone;
  double u = Uniform(refund_rng_);
  const FaultSettings& s = settings_;
  if ((u -= s.refund_502) < 0) return RefundFault::kBadGateway;
  if ((u -= s.refund_failed) < 0) return RefundFault::kPendingThenFailed;
  if ((u -= s.refund_succeeded) < 0) return RefundFault::kPendingThenSucceeded;
  return RefundFault::kNone;
}

WebhookFault FaultInjector::DrawWebhook(const std::string& what) {
  std::lock_guard lock(mu_);
  WebhookFault f;
  if (!enabled_) return f;
  const FaultSettings& s = settings_;
  double u = Uniform(webhook_rng_);
  // Always two draws per webhook, whatever the first decided.
  uint64_t span = static_cast<uint64_t>(s.delay_max_ms - s.delay_min_ms) + 1;
  f.delay = std::chrono::milliseconds(s.delay_min_ms + static_cast<int64_t>(webhook_rng_() % span));
  if ((u -= s.webhook_drop) < 0) {
    f.action = WebhookFault::Action::kDrop;
    Log("webhooks.drop", what);
  } else if ((u -= s.webhook_duplicate) < 0) {
    f.action = WebhookFault::Action::kDuplicate;
    Log("webhooks.duplicate", what);
  } else if ((u -= s.webhook_reorder) < 0) {
    f.action = WebhookFault::Action::kReorder;
    Log("webhooks.reorder", what);
  }
  if (f.delay.count() > 0 && f.action != WebhookFault::Action::kDrop)
    ++counters_["webhooks.delayed"];
  return f;
}

void FaultInjector::Injected(ChargeFault fault, const std::string& what) {
  if (fault == ChargeFault::kNone) return;
  std::lock_guard lock(mu_);
  Log(Name(fault), what);
}

void FaultInjector::Injected(RefundFault fault, const std::string& what) {
  if (fault == RefundFault::kNone) return;
  std::lock_guard lock(mu_);
  Log(Name(fault), what);
}

void FaultInjector::Log(const std::string& kind, const std::string& what) {
  ++counters_[kind];
  log_.emplace_back(kind, what);
  ++logged_;
  if (log_.size() > kMaxLog) log_.pop_front();
}

std::chrono::milliseconds FaultInjector::SlowDelay(std::chrono::milliseconds timeout_delay) {
  std::lock_guard lock(mu_);
  return settings_.slow_ms ? std::chrono::milliseconds(*settings_.slow_ms) : timeout_delay;
}

std::chrono::milliseconds FaultInjector::ReorderHold() {
  std::lock_guard lock(mu_);
  return std::chrono::milliseconds(settings_.reorder_hold_ms);
}

std::string FaultInjector::StatusJson() {
  std::lock_guard lock(mu_);
  json::object injected{
      {"charge", json::object{}}, {"refund", json::object{}}, {"webhooks", json::object{}}};
  for (const char* kind :
       {"charge.502_after_charge", "charge.drop_after_charge", "charge.slow",
        "charge.in_progress_409", "refund.502_after_refund", "refund.pending_then_failed",
        "refund.pending_then_succeeded", "webhooks.duplicate", "webhooks.reorder", "webhooks.drop",
        "webhooks.delayed"}) {
    std::string k = kind;
    std::size_t dot = k.find('.');
    auto it = counters_.find(k);
    injected[k.substr(0, dot)].as_object()[k.substr(dot + 1)] =
        it == counters_.end() ? 0 : it->second;
  }
  json::array log;
  int64_t n = logged_ - static_cast<int64_t>(log_.size());
  for (const auto& [kind, what] : log_) {
    log.push_back(json::object{{"n", ++n}, {"kind", kind}, {"what", what}});
  }
  return json::serialize(json::object{{"enabled", enabled_},
                                      {"settings", SettingsJson(settings_)},
                                      {"injected", injected},
                                      {"log", log}});
}

}  // namespace mg::sandbox

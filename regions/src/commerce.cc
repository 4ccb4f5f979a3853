#include "regions/commerce.h"

#include <algorithm>

namespace mg::regions {

const char* RemitterName(Remitter remitter) {
  return remitter == Remitter::kPlatform ? "platform" : "seller";
}

bool Commerce::InTerritory(const std::string& country) const {
  return territory != nullptr &&
         std::find(territory->begin(), territory->end(), country) != territory->end();
}

}  // namespace mg::regions

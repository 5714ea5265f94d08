package io.liveguard.detect.counterfeit;

import java.util.Map;
import java.util.Set;

/**
 * Who may sell a brand: the register the counterfeit model consults. A brand the register does not
 * know says nothing either way.
 */
@FunctionalInterface
public interface AuthorisedSellers {

  /** A register that knows no brand. */
  AuthorisedSellers UNKNOWN = (brand, shop) -> null;

  /**
   * Whether {@code shop} is authorised to sell {@code brand}.
   *
   * @param brand the brand id of the brand dictionary
   * @param shop the shop as a listing names it
   * @return true or false if the register knows the brand, null if it does not
   */
  Boolean authorised(String brand, String shop);

  /** A register from brand id to the shops authorised for it; other brands are unknown. */
  static AuthorisedSellers of(Map<String, Set<String>> shopsByBrand) {
    Map<String, Set<String>> copy = Map.copyOf(shopsByBrand);
    return (brand, shop) -> {
      Set<String> shops = copy.get(brand);
      return shops == null ? null : shop != null && shops.contains(shop);
    };
  }
}

package io.liveguard.platform.registry;

import io.liveguard.detect.Detector;
import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.rule.Brand;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The registry's brands and authorised sellers as the counterfeit model's register: a registered
 * brand is matched to the brand dictionary by its Chinese or English name or an alias; its shops
 * are the names of the enterprises authorised for it (authorisation not expired). Reloaded as soon
 * as a registry change of brands or enterprises is committed ({@link Registry.Changed}), and every
 * minute (an authorisation expires with the date; another node may have written); a brand with no
 * registered sellers stays unknown.
 */
@Component
public class RegistrySellers implements AuthorisedSellers {
  private final JdbcClient jdbc;
  private final Map<String, String> dictionaryIdByName = new HashMap<>();
  private volatile Map<String, Set<String>> shopsByBrand = Map.of();

  RegistrySellers(JdbcClient jdbc, Detector detector) {
    this.jdbc = jdbc;
    for (Brand b : detector.catalogue().brands()) {
      for (String name : b.names()) {
        dictionaryIdByName.put(name.toLowerCase(Locale.ROOT), b.id());
      }
      dictionaryIdByName.put(b.id().toLowerCase(Locale.ROOT), b.id());
    }
  }

  @Override
  public Boolean authorised(String brand, String shop) {
    Set<String> shops = shopsByBrand.get(brand);
    return shops == null ? null : shop != null && shops.contains(shop.strip());
  }

  /**
   * The register as last loaded: brand id of the brand dictionary → names of the shops authorised
   * for it (unmodifiable).
   */
  public Map<String, Set<String>> shopsByBrand() {
    return shopsByBrand;
  }

  @TransactionalEventListener(fallbackExecution = true)
  void registryChanged(Registry.Changed e) {
    if (e.kind() == RegistryKind.BRANDS || e.kind() == RegistryKind.ENTERPRISES) {
      reload();
    }
  }

  @Scheduled(fixedDelay = 60_000, initialDelay = 0)
  public void reload() {
    Map<String, Set<String>> next = new HashMap<>();
    jdbc.sql(
            "SELECT b.name, b.name_en, b.aliases, e.name FROM brand_seller s JOIN brand b ON b.id ="
                + " s.brand_id JOIN enterprise e ON e.id = s.enterprise_id WHERE s.valid_until IS"
                + " NULL OR s.valid_until >= ?")
        .param(LocalDate.now(Detector.CHINA))
        .query(
            (rs, i) -> {
              String id = dictionaryId(rs.getString(1), rs.getString(2), rs.getString(3));
              if (id != null) {
                next.computeIfAbsent(id, k -> new HashSet<>()).add(rs.getString(4));
              }
              return null;
            })
        .list();
    shopsByBrand = Map.copyOf(next);
  }

  private String dictionaryId(String name, String nameEn, String aliases) {
    for (String n : new String[] {name, nameEn}) {
      if (n != null && dictionaryIdByName.containsKey(n.toLowerCase(Locale.ROOT))) {
        return dictionaryIdByName.get(n.toLowerCase(Locale.ROOT));
      }
    }
    if (aliases != null) {
      for (String a : aliases.split(";")) {
        String id = dictionaryIdByName.get(a.strip().toLowerCase(Locale.ROOT));
        if (id != null) {
          return id;
        }
      }
    }
    return null;
  }
}

package io.liveguard.detect.rule;

import io.liveguard.detect.Severity;
import java.util.List;

/**
 * A rule raised by a session model (claim vs listing, price, counterfeit, PK) rather than by the
 * lexicon: its id, names, category, severity, provisions and suggestion come from {@code
 * rules/models.yaml}; what makes it fire is code.
 *
 * @param id unique id, {@code [A-Z0-9-]+}, distinct from lexicon rule ids
 * @param model the model that raises it: {@code claim}, {@code price}, {@code counterfeit} or
 *     {@code pk}
 * @param nameZh Chinese name
 * @param nameEn English name
 * @param category violation category id
 * @param severity how serious
 * @param provisions provisions of law, at least one
 * @param suggestion advice for the merchant, in Chinese
 * @param where {@code file:line}
 */
public record ModelRule(
    String id,
    String model,
    String nameZh,
    String nameEn,
    String category,
    Severity severity,
    List<Rule.ProvisionSpec> provisions,
    String suggestion,
    String where) {}

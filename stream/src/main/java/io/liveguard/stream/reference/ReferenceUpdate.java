package io.liveguard.stream.reference;

import java.util.Objects;

/**
 * One record of the reference topic as carried through the job: the latest data of one kind of
 * reference data (the authorised-seller register, the rule overlay …), replacing what the job held
 * of that kind.
 *
 * <p>A record of strings and a long, so Flink serializes it with its POJO serializer (no Kryo).
 *
 * @param kind the kind ({@link ReferenceData#SELLERS}, {@link ReferenceData#RULES}, or one this job
 *     does not know, which it keeps but does not use)
 * @param version the publisher's version of this kind (increasing per kind)
 * @param data the kind's data as a JSON object, or {@code null} when the kind was withdrawn
 */
public record ReferenceUpdate(String kind, long version, String data) {

  public ReferenceUpdate {
    Objects.requireNonNull(kind, "kind");
  }
}

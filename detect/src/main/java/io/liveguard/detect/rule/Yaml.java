package io.liveguard.detect.rule;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with its {@code file:line} position, and typed accessors that record a problem
 * instead of throwing, so one pass reports every mistake in a rule file.
 */
final class Yaml {

  private final String file;
  private final Node node;
  private final Problems problems;

  private Yaml(String file, Node node, Problems problems) {
    this.file = file;
    this.node = node;
    this.problems = problems;
  }

  /** Parses {@code content}; returns null (and records the problem) if it is not valid YAML. */
  static Yaml parse(String file, String content, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit(8 * 1024 * 1024);
    try {
      Node root = new org.yaml.snakeyaml.Yaml(options).compose(new StringReader(content));
      if (root == null) {
        problems.add(file + ":1", "the file is empty");
        return null;
      }
      return new Yaml(file, root, problems);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      problems.add(file + ":" + line, "not valid YAML: " + e.getProblem());
      return null;
    } catch (YAMLException e) {
      problems.add(file + ":1", "not valid YAML: " + e.getMessage());
      return null;
    }
  }

  String where() {
    return file + ":" + (node.getStartMark().getLine() + 1);
  }

  void problem(String message) {
    problems.add(where(), message);
  }

  boolean isMapping() {
    return node instanceof MappingNode;
  }

  boolean isScalar() {
    return node instanceof ScalarNode;
  }

  boolean isSequence() {
    return node instanceof SequenceNode;
  }

  /** The entries of a mapping, in order; records a problem and returns empty if not a mapping. */
  Map<String, Yaml> mapping(Set<String> allowedKeys) {
    Map<String, Yaml> out = new LinkedHashMap<>();
    if (!(node instanceof MappingNode m)) {
      problem("expected a mapping (key: value)");
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      Yaml key = new Yaml(file, t.getKeyNode(), problems);
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        key.problem("keys must be plain words");
        continue;
      }
      String name = k.getValue();
      if (allowedKeys != null && !allowedKeys.contains(name)) {
        key.problem(
            "unknown key \""
                + name
                + "\" (expected one of "
                + String.join(", ", allowedKeys)
                + ")");
        continue;
      }
      if (out.containsKey(name)) {
        key.problem("duplicate key \"" + name + "\"");
        continue;
      }
      out.put(name, new Yaml(file, t.getValueNode(), problems));
    }
    return out;
  }

  /** The elements of a sequence; a scalar counts as a one-element sequence. */
  List<Yaml> sequence() {
    List<Yaml> out = new ArrayList<>();
    if (node instanceof SequenceNode s) {
      for (Node n : s.getValue()) {
        out.add(new Yaml(file, n, problems));
      }
    } else if (node instanceof ScalarNode) {
      out.add(this);
    } else {
      problem("expected a list");
    }
    return out;
  }

  /** The scalar's text; records a problem and returns null if this is not a scalar. */
  String text() {
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    problem("expected a plain value, not a " + (isMapping() ? "mapping" : "list"));
    return null;
  }

  /** A list of plain strings (a single scalar is accepted as a list of one). */
  List<String> strings() {
    List<String> out = new ArrayList<>();
    for (Yaml y : sequence()) {
      String s = y.text();
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** A positive integer, or null with a recorded problem. */
  Integer positiveInt() {
    String s = text();
    if (s == null) {
      return null;
    }
    try {
      int v = Integer.parseInt(s.trim());
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem("expected a whole number of at least 1, found \"" + s + "\"");
    return null;
  }

  /** A boolean, or {@code fallback} with a recorded problem. */
  boolean bool(boolean fallback) {
    String s = text();
    if ("true".equals(s)) {
      return true;
    }
    if ("false".equals(s)) {
      return false;
    }
    problem("expected true or false, found \"" + s + "\"");
    return fallback;
  }
}

package io.liveguard.platform.monitor;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.web.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's monitoring tasks page ({@code /monitoring}): the tasks the user may see, the
 * capture runtime's state and its last round (plan, coverage, running, failed, speech denied), and
 * for admins and analysts a form adding a task of one room. The form goes through the same
 * validation as the API; a refused stream address is never echoed back.
 */
@Controller
class MonitorPages {
  private final MonitoringTasks tasks;
  private final MonitorRuntime runtime;
  private final MonitorSettings settings;
  private final Problems problems;
  private final JsonMapper json;

  MonitorPages(
      MonitoringTasks tasks,
      MonitorRuntime runtime,
      MonitorSettings settings,
      Problems problems,
      JsonMapper json) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.settings = settings;
    this.problems = problems;
    this.json = json;
  }

  @GetMapping("/monitoring")
  String page(@AuthenticationPrincipal Actor actor, Model model) {
    fill(actor, model);
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", Map.of("priority", "1", "screen", "on"));
    }
    return "monitor/tasks";
  }

  private void fill(Actor actor, Model model) {
    model.addAttribute("tasks", tasks.list(actor, null));
    model.addAttribute("status", runtime.status());
    Predicate<String> visible = MonitoringTaskController.visibleRooms(tasks, actor);
    MonitorRuntime.RoundReport last = runtime.last();
    model.addAttribute(
        "round", last == null ? null : MonitoringTaskController.roundView(last, visible));
    model.addAttribute("canEdit", actor.role() == Role.ADMIN || actor.role() == Role.ANALYST);
  }

  @PostMapping("/monitoring")
  String create(
      @AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model) {
    ObjectNode body = json.createObjectNode();
    body.put("name", form.getOrDefault("name", ""));
    ObjectNode room = body.putArray("rooms").addObject();
    room.put("platform", form.getOrDefault("platform", "").trim());
    room.put("room", form.getOrDefault("room", "").trim());
    room.put("stream", form.getOrDefault("stream", "").trim());
    var elements = body.putArray("elements");
    if (form.containsKey("speech")) {
      elements.add("speech");
    }
    if (form.containsKey("screen")) {
      elements.add("screen");
    }
    String priority = form.getOrDefault("priority", "1").trim();
    if (priority.matches("[0-9]{1,2}")) {
      body.put("priority", Integer.parseInt(priority));
    } else {
      body.put("priority", priority);
    }
    String from = form.getOrDefault("from", "").trim();
    String to = form.getOrDefault("to", "").trim();
    if (!from.isEmpty() || !to.isEmpty()) {
      ObjectNode w = body.putObject("schedule").putArray("windows").addObject();
      w.put("from", from);
      w.put("to", to);
    }
    List<String> errors = new ArrayList<>();
    TaskDraft.Parsed p = TaskDraft.parse(body, settings.policy());
    if (p.errors().isEmpty()) {
      try {
        tasks.create(actor, p.draft());
        return "redirect:/monitoring";
      } catch (MonitoringTasks.Invalid e) {
        e.errors.forEach(f -> errors.add(message(f)));
      }
    } else {
      p.errors().forEach(f -> errors.add(message(f)));
    }
    // the stream address is not echoed back: it may hold a secret, or be the hostile input
    Map<String, String> again = new java.util.HashMap<>(form);
    again.remove("stream");
    again.remove("_csrf");
    model.addAttribute("form", again);
    model.addAttribute("errors", errors);
    fill(actor, model);
    return "monitor/tasks";
  }

  @PostMapping("/monitoring/{id}/deactivate")
  String deactivate(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    tasks.deactivate(actor, id, null);
    return "redirect:/monitoring";
  }

  private String message(TaskDraft.FieldError f) {
    return f.field() + ": " + problems.message("monitor." + f.key(), f.args());
  }
}

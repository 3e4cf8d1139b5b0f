package onewindow.bench.flowable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.task.api.Task;

/**
 * The Flowable peer of `npm run bench`: Flowable embedded in this JVM, on the bench's Postgres (its own database),
 * running the land-and-start cases of OneWindow's bench. The BPMN and the commands come from the bench
 * (bench/peers/flowable/bpmn.ts writes both from the catalogue), so this class knows nothing of the template.
 *
 * <p>Protocol, one line each way: the engine is built, the process deployed and the warm-up cases run, then
 * {@code READY <json>} on stdout; {@code GO} on stdin runs the measured cases and answers {@code DONE <json>};
 * {@code STOP} (or the end of stdin) closes the engine and exits. Between the lines the JVM is idle, so the bench
 * reads the JVM's and Postgres's CPU time around the measured cases alone.
 */
public final class Driver {
  /** One user task completed by the driver: its definition key, the candidate group it is done as, its variables. */
  record Command(String taskKey, String group, Map<String, String> variables) {}

  /** The case's start variables and the commands, in the order OneWindow's bench sends its messages. */
  record Plan(Map<String, String> start, List<Command> commands) {}

  record Options(
      String jdbcUrl,
      String user,
      String password,
      Path bpmn,
      Path plan,
      String processKey,
      int cases,
      int concurrency,
      int warmup) {}

  private final ProcessEngine engine;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final HistoryService history;
  private final Plan plan;
  private final String processKey;

  private Driver(ProcessEngine engine, Plan plan, String processKey) {
    this.engine = engine;
    this.runtime = engine.getRuntimeService();
    this.tasks = engine.getTaskService();
    this.history = engine.getHistoryService();
    this.plan = plan;
    this.processKey = processKey;
  }

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    long began = System.nanoTime();
    ProcessEngineConfiguration configuration =
        new StandaloneProcessEngineConfiguration()
            .setJdbcUrl(options.jdbcUrl())
            .setJdbcDriver("org.postgresql.Driver")
            .setJdbcUsername(options.user())
            .setJdbcPassword(options.password())
            .setJdbcMaxActiveConnections(Math.max(10, options.concurrency() + 2))
            .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
            // The closest to OneWindow's audit log: every activity, task, variable update and detail is kept.
            .setHistoryLevel(HistoryLevel.FULL)
            // Started at GO: the timer jobs are polled while the measured cases run, not during the warm-up.
            .setAsyncExecutorActivate(false);
    ProcessEngine engine = configuration.buildProcessEngine();
    engine
        .getRepositoryService()
        .createDeployment()
        .name("onewindow-bench")
        .addString(options.bpmn().getFileName().toString(), Files.readString(options.bpmn()))
        .deploy();
    Driver driver = new Driver(engine, readPlan(options.plan()), options.processKey());
    double engineSeconds = (System.nanoTime() - began) / 1e9;

    // The first warm-up case lists the open tasks after the start and after each command: the bench checks them
    // against the order in which OneWindow's decider starts the same steps.
    List<List<String>> trace = new ArrayList<>();
    driver.runCase("WARMUP-0", 0, trace);
    long warmupBegan = System.nanoTime();
    driver.runAll("WARMUP", Math.max(0, options.warmup() - 1), options.concurrency());
    double warmupSeconds = (System.nanoTime() - warmupBegan) / 1e9;
    System.out.println(
        "READY {\"engineSeconds\":"
            + engineSeconds
            + ",\"warmupCases\":"
            + Math.max(1, options.warmup())
            + ",\"warmupSeconds\":"
            + warmupSeconds
            + ",\"trace\":"
            + json(trace)
            + "}");

    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = stdin.readLine(); line != null && !line.trim().equals("STOP"); line = stdin.readLine()) {
      if (!line.trim().equals("GO")) continue;
      engine.getProcessEngineConfiguration().getAsyncExecutor().start();
      long runBegan = System.nanoTime();
      long[] completion = driver.runAll("FLOWABLE", options.cases(), options.concurrency());
      double seconds = (System.nanoTime() - runBegan) / 1e9;
      engine.getProcessEngineConfiguration().getAsyncExecutor().shutdown();
      System.out.println(
          "DONE {\"seconds\":"
              + seconds
              + ",\"completionMs\":["
              + java.util.Arrays.stream(completion).mapToObj(Long::toString).collect(Collectors.joining(","))
              + "]}");
    }
    engine.close();
  }

  /** Runs `count` cases, at most `concurrency` at a time; answers each case's completion time in ms. */
  private long[] runAll(String prefix, int count, int concurrency) throws Exception {
    long[] completion = new long[count];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, count)));
    try {
      List<Future<?>> lanes = new ArrayList<>();
      for (int lane = 0; lane < Math.min(concurrency, count); lane++) {
        lanes.add(
            pool.submit(
                () -> {
                  for (int index = next.getAndIncrement(); index < count; index = next.getAndIncrement()) {
                    completion[index] = runCase(prefix + "-" + index, index, null);
                  }
                  return null;
                }));
      }
      for (Future<?> lane : lanes) lane.get();
    } finally {
      pool.shutdown();
    }
    return completion;
  }

  /**
   * One case: the process started with the application's data, then each command's task found by its case, key
   * and candidate group (a department's 待办) and completed with the command's payload, then the ended process
   * looked up in the history. Answers the time from the start to the end, in ms.
   */
  private long runCase(String caseId, int index, List<List<String>> trace) {
    long began = System.nanoTime();
    ProcessInstance instance =
        runtime.startProcessInstanceByKey(processKey, caseId, substitute(plan.start(), caseId, index));
    if (trace != null) trace.add(openTasks(instance.getId()));
    for (Command command : plan.commands()) {
      Task task =
          tasks
              .createTaskQuery()
              .processInstanceId(instance.getId())
              .taskDefinitionKey(command.taskKey())
              .taskCandidateGroup(command.group())
              .singleResult();
      if (task == null) {
        throw new IllegalStateException(
            caseId + ": no open task " + command.taskKey() + " for " + command.group() + "; open: "
                + openTasks(instance.getId()));
      }
      tasks.complete(task.getId(), substitute(command.variables(), caseId, index));
      if (trace != null) trace.add(openTasks(instance.getId()));
    }
    HistoricProcessInstance ended =
        history.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult();
    if (ended == null || ended.getEndTime() == null) {
      throw new IllegalStateException(caseId + ": the process has not ended after the last command");
    }
    return (System.nanoTime() - began) / 1_000_000;
  }

  private List<String> openTasks(String processInstanceId) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId).list().stream()
        .map(Task::getTaskDefinitionKey)
        .sorted()
        .collect(Collectors.toList());
  }

  /** Variables with `{case}` and `{index}` replaced, as the bench gives each case its own numbers. */
  private static Map<String, Object> substitute(Map<String, String> variables, String caseId, int index) {
    Map<String, Object> result = new HashMap<>();
    variables.forEach(
        (name, value) ->
            result.put(name, value.replace("{case}", caseId).replace("{index}", Integer.toString(index))));
    return result;
  }

  /**
   * The plan file: one line per command, tab-separated: task key, candidate group, then {@code name=value}
   * variables; the line whose key is {@code @start} holds the start variables.
   */
  static Plan readPlan(Path file) throws IOException {
    Map<String, String> start = new LinkedHashMap<>();
    List<Command> commands = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      String[] fields = line.split("\t");
      Map<String, String> variables = new LinkedHashMap<>();
      for (int i = 2; i < fields.length; i++) {
        int equals = fields[i].indexOf('=');
        if (equals <= 0) throw new IllegalArgumentException("not name=value: " + fields[i]);
        variables.put(fields[i].substring(0, equals), fields[i].substring(equals + 1));
      }
      if (fields[0].equals("@start")) start.putAll(variables);
      else if (fields.length < 2) throw new IllegalArgumentException("a command needs a task key and a group: " + line);
      else commands.add(new Command(fields[0], fields[1], variables));
    }
    return new Plan(start, commands);
  }

  static Options parse(String[] args) {
    Map<String, String> named = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, got " + args[i]);
      named.put(args[i].substring(2), args[i + 1]);
    }
    for (String required : List.of("jdbc-url", "user", "password", "bpmn", "plan", "process-key", "cases")) {
      if (!named.containsKey(required)) throw new IllegalArgumentException("--" + required + " is required");
    }
    return new Options(
        named.get("jdbc-url"),
        named.get("user"),
        named.get("password"),
        Path.of(named.get("bpmn")),
        Path.of(named.get("plan")),
        named.get("process-key"),
        Integer.parseInt(named.get("cases")),
        Integer.parseInt(named.getOrDefault("concurrency", "1")),
        Integer.parseInt(named.getOrDefault("warmup", "1")));
  }

  /** A list of string lists as JSON (task keys are BPMN ids: no quotes or backslashes to escape). */
  private static String json(List<List<String>> lists) {
    return lists.stream()
        .map(list -> list.stream().map(key -> "\"" + key + "\"").collect(Collectors.joining(",", "[", "]")))
        .collect(Collectors.joining(",", "[", "]"));
  }
}

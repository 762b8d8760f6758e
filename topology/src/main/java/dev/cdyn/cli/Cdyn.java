package dev.cdyn.cli;

import dev.cdyn.app.StartupChecks;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The command line: {@code cdyn <command> --help} for each. */
@Command(name = "cdyn", mixinStandardHelpOptions = true, version = "customer-dynamics 0.1.0",
        description = "Streaming customer loyalty and churn-risk scores on Apache Kafka.",
        subcommands = {RunCommand.class, TopicsCommand.class, SimulateCommand.class, ProduceCommand.class,
                ScoresCommand.class, FitCommand.class, LagCommand.class})
public final class Cdyn implements Callable<Integer> {

    /** Exit code for a bad setting or a failed start-up check. */
    static final int BAD_SETTINGS = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("demo") && System.getProperty("cdyn.log.file") == null) {
            // Before any logger exists: the demo's live view owns the terminal, its logs go to a file.
            System.setProperty("cdyn.log.file", System.getProperty("java.io.tmpdir") + "/cdyn-demo.log");
            System.setProperty("cdyn.log.target", "file");
        }
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Cdyn());
        ServiceLoader.load(ExtraCommand.class).forEach(line::addSubcommand);
        line.addSubcommand(new CommandLine.HelpCommand());
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof StartupChecks.StartupException) {
                commandLine.getErr().println("cdyn: " + e.getMessage());
                return BAD_SETTINGS;
            }
            throw e;
        });
        return line;
    }

    static Map<String, String> environment() {
        return System.getenv();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}

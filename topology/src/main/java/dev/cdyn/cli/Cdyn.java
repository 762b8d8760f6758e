package dev.cdyn.cli;

import dev.cdyn.app.FormatLocale;
import dev.cdyn.app.StartupChecks;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    /** Exit code for a bad setting, a file that cannot be read or a failed start-up check. */
    static final int BAD_SETTINGS = 2;
    /** Set before the first logger exists: the level of Kafka Streams' configuration warnings (log4j2.xml). */
    static final String STREAMS_CONFIG_LOG_LEVEL = "cdyn.log.streams.config";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        FormatLocale.preferUsWhereAlike();
        prepareLogging(args);
        System.exit(commandLine().execute(args));
    }

    /** Before any logger exists: where logs go and which of Kafka's warnings reach the user, by command. */
    static void prepareLogging(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        if (command.equals("demo") && System.getProperty("cdyn.log.file") == null) {
            // The demo's live view owns the terminal, its logs go to a file.
            System.setProperty("cdyn.log.file", System.getProperty("java.io.tmpdir") + "/cdyn-demo.log");
            System.setProperty("cdyn.log.target", "file");
        }
        if (command.equals("run") && System.getProperty(STREAMS_CONFIG_LOG_LEVEL) == null) {
            // Only the application's own start-up warns of Kafka Streams' settings (e.g. state.dir in the OS
            // temp folder); every other command merely validates the settings and is not the place for it.
            System.setProperty(STREAMS_CONFIG_LOG_LEVEL, "WARN");
        }
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
            Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
            if (cause instanceof FileSystemException file) {
                commandLine.getErr().println("cdyn " + commandLine.getCommandName() + ": " + problem(file));
                return BAD_SETTINGS;
            }
            throw e;
        });
        return line;
    }

    /** Fails with the reason unless {@code file} is a file this process can read. */
    static void requireReadableFile(Path file) throws FileSystemException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a file");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString());
        }
    }

    /** One line naming the file and what is wrong with it, for the user. */
    static String problem(FileSystemException e) {
        return e.getFile() + ": " + reason(e);
    }

    /** What is wrong with the file, without its name. */
    static String reason(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
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

import dev.kart.task.RunContext;
import dev.kart.task.Task;

/** A task of the unnamed package, as a user's first script-like task may be (dev.kart.core.internal.failure.ThrowSiteTest). */
public record UnnamedPackageTask() implements Task<String> {
    @Override
    public String run(RunContext ctx) {
        return "";
    }
}

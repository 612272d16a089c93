package org.sluice.internal.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sluice.hook.Hook;
import org.sluice.hook.HookCycleException;
import org.sluice.hook.Order;
import org.sluice.hook.Result;

/** The order hook functions run in, and how the two kinds of hook stop. */
class HookOrderTest {

    /** A hook function that answers a fixed result and notes that it ran. */
    @FunctionalInterface
    interface Step {
        Result run(List<String> ran);
    }

    private static final Hook<Step> FIRST_WINS = Hook.runFirst("test_first", Step.class);
    private static final Hook<Step> ALL = Hook.runAll("test_all", Step.class);

    private final HookRegistry hooks = new HookRegistry();
    private final List<String> ran = new ArrayList<>();

    private void add(Hook<Step> hook, String module, Order order) {
        add(hook, module, order, Result.OK);
    }

    private void add(Hook<Step> hook, String module, Order order, Result result) {
        hooks.add(hook, module, ran -> {
            ran.add(module);
            return result;
        }, order);
    }

    private List<String> sorted(Hook<Step> hook) {
        hooks.sortAll();
        return hooks.modules(hook);
    }

    private Result run(Hook<Step> hook) throws Exception {
        hooks.sortAll();
        return hooks.run(hook, step -> step.run(ran));
    }

    @Test
    void firstRunsBeforeMiddleBeforeLast() {
        add(ALL, "late", Order.LAST);
        add(ALL, "middle", Order.MIDDLE);
        add(ALL, "early", Order.FIRST);

        assertThat(sorted(ALL)).containsExactly("early", "middle", "late");
    }

    @Test
    void reallyFirstAndReallyLastSurroundTheRest() {
        add(ALL, "last", Order.REALLY_LAST);
        add(ALL, "first", Order.FIRST);
        add(ALL, "very-first", Order.REALLY_FIRST);
        add(ALL, "late", Order.LAST);

        assertThat(sorted(ALL)).containsExactly("very-first", "first", "late", "last");
    }

    @Test
    void functionsOfOnePositionKeepRegistrationOrder() {
        add(ALL, "c", Order.MIDDLE);
        add(ALL, "a", Order.MIDDLE);
        add(ALL, "b", Order.MIDDLE);

        assertThat(sorted(ALL)).containsExactly("c", "a", "b");
    }

    @Test
    void beforeConstraintOverridesPosition() {
        add(ALL, "early", Order.FIRST);
        add(ALL, "late", Order.LAST.before("early"));

        assertThat(sorted(ALL)).containsExactly("late", "early");
    }

    @Test
    void afterConstraintOverridesPosition() {
        add(ALL, "early", Order.FIRST.after("late"));
        add(ALL, "late", Order.LAST);

        assertThat(sorted(ALL)).containsExactly("late", "early");
    }

    @Test
    void constraintsMoveOnlyTheFunctionsTheyName() {
        add(ALL, "a", Order.MIDDLE);
        add(ALL, "b", Order.MIDDLE.after("c"));
        add(ALL, "c", Order.MIDDLE);
        add(ALL, "d", Order.FIRST);

        assertThat(sorted(ALL)).containsExactly("d", "a", "c", "b");
    }

    @Test
    void constraintOnAModuleThatIsNotLoadedIsIgnored() {
        add(ALL, "a", Order.MIDDLE.before("absent"));
        add(ALL, "b", Order.FIRST.after("absent"));

        assertThat(sorted(ALL)).containsExactly("b", "a");
    }

    @Test
    void cycleIsAnErrorNamingTheModulesOnIt() {
        add(ALL, "bystander", Order.FIRST);
        add(ALL, "a", Order.MIDDLE.before("b"));
        add(ALL, "b", Order.MIDDLE.before("c"));
        add(ALL, "c", Order.MIDDLE.before("a"));

        HookCycleException e = (HookCycleException) assertThatThrownBy(hooks::sortAll)
                .isInstanceOf(HookCycleException.class).actual();

        List<String> cycle = e.modules();
        assertThat(e.hook()).isEqualTo("test_all");
        assertThat(cycle).containsOnly("a", "b", "c").hasSize(4);
        assertThat(cycle.get(0)).as("the cycle closes").isEqualTo(cycle.get(3));
        for (int i = 0; i + 1 < cycle.size(); i++) {
            assertThat(List.of(cycle.get(i), cycle.get(i + 1))).as("each module must run before the next")
                    .isIn(List.of("a", "b"), List.of("b", "c"), List.of("c", "a"));
        }
        assertThat(e).hasMessage("hook test_all: ordering cycle between modules " + String.join(" -> ", cycle));
    }

    @Test
    void cycleOfTwoModulesThroughBeforeAndAfter() {
        add(ALL, "x", Order.MIDDLE.after("y"));
        add(ALL, "y", Order.MIDDLE.after("x"));

        HookCycleException e = (HookCycleException) assertThatThrownBy(hooks::sortAll)
                .isInstanceOf(HookCycleException.class).actual();

        assertThat(e.modules()).containsOnly("x", "y").hasSize(3);
    }

    @Test
    void runFirstStopsAtTheFirstAnswerThatIsNotDeclined() throws Exception {
        add(FIRST_WINS, "declines", Order.FIRST, Result.DECLINED);
        add(FIRST_WINS, "answers", Order.MIDDLE, Result.OK);
        add(FIRST_WINS, "never", Order.LAST, Result.OK);

        assertThat(run(FIRST_WINS)).isEqualTo(Result.OK);
        assertThat(ran).containsExactly("declines", "answers");
    }

    @Test
    void runFirstReturnsAnErrorAnswerAndStops() throws Exception {
        add(FIRST_WINS, "refuses", Order.FIRST, Result.FORBIDDEN);
        add(FIRST_WINS, "never", Order.LAST, Result.OK);

        assertThat(run(FIRST_WINS)).isEqualTo(Result.FORBIDDEN);
        assertThat(ran).containsExactly("refuses");
    }

    @Test
    void runFirstIsDeclinedWhenEveryFunctionDeclines() throws Exception {
        add(FIRST_WINS, "a", Order.FIRST, Result.DECLINED);
        add(FIRST_WINS, "b", Order.LAST, Result.DECLINED);

        assertThat(run(FIRST_WINS)).isEqualTo(Result.DECLINED);
        assertThat(ran).containsExactly("a", "b");
    }

    @Test
    void runAllStopsAtTheFirstError() throws Exception {
        add(ALL, "ok", Order.FIRST, Result.OK);
        add(ALL, "fails", Order.MIDDLE, Result.SERVER_ERROR);
        add(ALL, "never", Order.LAST, Result.OK);

        assertThat(run(ALL)).isEqualTo(Result.SERVER_ERROR);
        assertThat(ran).containsExactly("ok", "fails");
    }

    @Test
    void runAllRunsEveryFunctionAndIsOkWithoutError() throws Exception {
        add(ALL, "ok", Order.FIRST, Result.OK);
        add(ALL, "declines", Order.MIDDLE, Result.DECLINED);
        add(ALL, "also-ok", Order.LAST, Result.OK);

        assertThat(run(ALL)).isEqualTo(Result.OK);
        assertThat(ran).containsExactly("ok", "declines", "also-ok");
    }

    @Test
    void runAllStopsAtDone() throws Exception {
        add(ALL, "done", Order.FIRST, Result.DONE);
        add(ALL, "never", Order.LAST, Result.OK);

        assertThat(run(ALL)).isEqualTo(Result.DONE);
        assertThat(ran).containsExactly("done");
    }

    @Test
    void hookWithoutFunctionsRunsToItsNeutralAnswer() throws Exception {
        hooks.sortAll();

        assertThat(hooks.run(ALL, step -> step.run(ran))).isEqualTo(Result.OK);
        assertThat(hooks.run(FIRST_WINS, step -> step.run(ran))).isEqualTo(Result.DECLINED);
    }

    @Test
    void aHookMadeAnewFindsTheFunctionsOfTheEqualOneEveryTime() throws Exception {
        add(ALL, "mod_a", Order.FIRST);
        hooks.sortAll();

        for (int i = 0; i < 3; i++) {
            Hook<Step> same = Hook.runAll("test_all", Step.class);
            assertThat(hooks.run(same, step -> step.run(ran)).isOk()).isTrue();
            assertThat(hooks.functions(same)).hasSize(1);
        }
        assertThat(ran).containsExactly("mod_a", "mod_a", "mod_a");
    }

    @Test
    void aHookNobodyJoinedRunsNothingEveryTime() throws Exception {
        add(ALL, "mod_a", Order.FIRST);
        hooks.sortAll();
        Hook<Step> lonely = Hook.runFirst("test_lonely", Step.class);

        for (int i = 0; i < 3; i++) {
            assertThat(hooks.run(lonely, step -> step.run(ran)).isDeclined()).isTrue();
            assertThat(hooks.functions(lonely)).isEmpty();
        }
        assertThat(ran).isEmpty();
    }
}

package io.securityexport.config.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Once per problem": what a company's channels hear for a sequence of run results. */
class AlertStateTest {

    static final Instant T0 = Instant.parse("2026-11-21T00:10:00Z");

    @Test
    void aFailureAndItsRetriesAlertOnceAndTheSuccessAfterThemAlertsRecoveredOnce() {
        assertThat(alertsFor(false, false, false, true, true))
                .containsExactly(AlertKind.EXPORT_FAILED, AlertKind.EXPORT_RECOVERED);
    }

    @Test
    void successesWhileHealthyAlertNobody() {
        assertThat(alertsFor(true, true, true)).isEmpty();
    }

    @Test
    void aNewProblemAfterARecoveryAlertsAgain() {
        assertThat(alertsFor(false, true, false, false, true))
                .containsExactly(
                        AlertKind.EXPORT_FAILED,
                        AlertKind.EXPORT_RECOVERED,
                        AlertKind.EXPORT_FAILED,
                        AlertKind.EXPORT_RECOVERED);
    }

    @Test
    void theProblemKeepsTheTimeItBegan() {
        AlertState failing = AlertState.HEALTHY.after(false, T0).next();

        AlertState stillFailing = failing.after(false, T0.plusSeconds(3600)).next();

        assertThat(stillFailing.failingSince()).isEqualTo(T0);
        assertThat(stillFailing.after(true, T0.plusSeconds(7200)).next()).isEqualTo(AlertState.HEALTHY);
    }

    private static List<AlertKind> alertsFor(boolean... succeeded) {
        AlertState state = AlertState.HEALTHY;
        List<AlertKind> alerts = new ArrayList<>();
        Instant at = T0;
        for (boolean success : succeeded) {
            AlertState.Transition transition = state.after(success, at);
            transition.alert().ifPresent(alerts::add);
            state = transition.next();
            at = at.plusSeconds(300);
        }
        return alerts;
    }

    @Test
    void noAlertLeavesTheStateAsItWas() {
        AlertState.Transition transition = AlertState.HEALTHY.after(true, T0);

        assertThat(transition.alert()).isEqualTo(Optional.empty());
        assertThat(transition.next()).isSameAs(AlertState.HEALTHY);
    }
}

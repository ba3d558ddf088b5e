package io.swoole4j.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code swoole.server.task-worker-num} is above 0.
 */
class OnTaskWorkersCondition extends SpringBootCondition {

	static final String PROPERTY = ServerConfigFactory.PREFIX + ".task-worker-num";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		int taskWorkerNum = Binder.get(context.getEnvironment()).bind(PROPERTY, Integer.class).orElse(0);
		return (taskWorkerNum > 0) ? ConditionOutcome.match(PROPERTY + " is " + taskWorkerNum)
				: ConditionOutcome.noMatch(PROPERTY + " is " + taskWorkerNum);
	}

}

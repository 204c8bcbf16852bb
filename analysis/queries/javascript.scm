; JavaScript parameters; the rest is in ecma.scm.

(formal_parameters (identifier) @param.name)
(formal_parameters (assignment_pattern left: (identifier) @param.name) @param)
(formal_parameters (rest_pattern (identifier) @param.name) @param)
(field_definition
  property: (property_identifier) @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @def.lambda

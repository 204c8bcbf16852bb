; Chunk query shared by JavaScript, TypeScript and TSX; each adds its own
; parameter patterns. Capture names are documented in ../query.go.

(import_statement source: (string) @import)
(comment) @comment

(function_declaration
  name: (identifier) @name
  parameters: (formal_parameters) @params
  body: (statement_block) @body) @def.function

(generator_function_declaration
  name: (identifier) @name
  parameters: (formal_parameters) @params
  body: (statement_block) @body) @def.function

(class_declaration
  name: (_) @name) @def.class

(method_definition
  name: (_) @name
  parameters: (formal_parameters) @params
  body: (statement_block) @body) @def.method

(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [
      (arrow_function body: (_) @body)
      (function_expression body: (_) @body)
      (generator_function body: (_) @body)
    ])) @def.lambda

(variable_declaration
  (variable_declarator
    name: (identifier) @name
    value: [
      (arrow_function body: (_) @body)
      (function_expression body: (_) @body)
      (generator_function body: (_) @body)
    ])) @def.lambda

(arrow_function parameter: (identifier) @param.name)

(decorator) @decorator
(method_definition ["static" "async" "get" "set" "*"] @modifier)
(function_declaration "async" @modifier)
(arrow_function "async" @modifier)

(call_expression function: (_) @call)
(new_expression constructor: (_) @call)
(for_statement) @loop
(for_in_statement) @loop
(while_statement) @loop
(do_statement) @loop
(if_statement) @branch
(switch_case) @branch
(ternary_expression) @branch
(return_statement) @return
(throw_statement) @throw
(catch_clause) @catch
(await_expression) @await
(yield_expression) @yield
(assignment_expression
  left: (member_expression
    object: (this) @write.obj
    property: (property_identifier) @write.field))
(augmented_assignment_expression
  left: (member_expression
    object: (this) @write.obj
    property: (property_identifier) @write.field))

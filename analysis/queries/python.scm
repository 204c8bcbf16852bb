; Chunk query for Python. Capture names are documented in ../query.go.

(import_statement name: (dotted_name) @import)
(import_statement name: (aliased_import name: (dotted_name) @import))
(import_from_statement module_name: (_) @import)
(comment) @comment
(expression_statement (string) @unitdoc)

(function_definition
  name: (identifier) @name
  parameters: (parameters) @params
  return_type: (_)? @result
  body: (block) @body) @def.function

(function_definition
  body: (block . (expression_statement (string) @docstring))) @docstring.owner

(class_definition
  name: (identifier) @name) @def.class

(class_definition
  body: (block . (expression_statement (string) @docstring))) @docstring.owner

(expression_statement
  (assignment
    left: (identifier) @name
    right: (lambda
      parameters: (lambda_parameters)? @params
      body: (_) @body))) @def.lambda

(decorator) @decorator
(function_definition "async" @modifier)

(parameters (identifier) @param.name) @_p
(parameters (typed_parameter (identifier) @param.name type: (_) @param.type) @param)
(parameters (default_parameter name: (identifier) @param.name) @param)
(parameters (typed_default_parameter name: (identifier) @param.name type: (_) @param.type) @param)
(parameters (list_splat_pattern (identifier) @param.name) @param)
(parameters (dictionary_splat_pattern (identifier) @param.name) @param)
(lambda_parameters (identifier) @param.name)

; @facts: the patterns below are body facts, which walk.go finds in
; function bodies (factRulesOf); keep the two in step.
(call function: (_) @call)
(for_statement) @loop
(while_statement) @loop
(list_comprehension) @loop
(set_comprehension) @loop
(dictionary_comprehension) @loop
(generator_expression) @loop
(if_statement) @branch
(elif_clause) @branch
(conditional_expression) @branch
(case_clause) @branch
(return_statement) @return
(raise_statement) @throw
(except_clause) @catch
(await) @await
(yield) @yield
(assignment
  left: (attribute
    object: (identifier) @write.obj
    attribute: (identifier) @write.field))
(augmented_assignment
  left: (attribute
    object: (identifier) @write.obj
    attribute: (identifier) @write.field))
